package gateway

import (
	"testing"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors/guard"
)

// TestGuardDefaultsAgree: config cannot import connectors, so it states
// the guard's defaults again; they must not drift apart.
func TestGuardDefaultsAgree(t *testing.T) {
	fromConfig := guard.New("config", guardConfig(config.Default().Sources.Hebei.SourceConfig)).Config()
	own := guard.New("guard", guard.Config{}).Config()
	if fromConfig != own {
		t.Fatalf("config defaults give %+v, the guard's own defaults %+v", fromConfig, own)
	}
}
