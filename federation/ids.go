package federation

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/errcode"
)

// Kind is the type of object a global ID names.
type Kind string

// Kinds of global IDs.
const (
	KindProvince       Kind = "Province"
	KindMeeting        Kind = "Meeting"
	KindPolicyDocument Kind = "PolicyDocument"
	KindTask           Kind = "Task"
	KindServiceSite    Kind = "ServiceSite"
	// KindRegion names an administrative division; its local ID is the
	// division code and its province the one the division belongs to.
	KindRegion Kind = "Region"
)

var knownKinds = map[Kind]bool{KindProvince: true, KindMeeting: true, KindPolicyDocument: true, KindTask: true, KindServiceSite: true, KindRegion: true}

// GlobalID is the decoded form of an opaque ID.
type GlobalID struct {
	Kind     Kind
	Province civ.ProvinceCode
	LocalID  string // the upstream's own id
}

// EncodeID makes the opaque global ID of a source object.
func EncodeID(k Kind, p civ.ProvinceCode, localID string) string {
	return civ.GlobalID(string(k), p, localID)
}

// MaxIDBytes bounds a global ID: the gateway's own are far shorter.
const MaxIDBytes = 512

// DecodeID parses an opaque global ID, rejecting anything EncodeID could
// not have made.
func DecodeID(id string) (GlobalID, error) {
	if len(id) > MaxIDBytes { // its local part would go on to an upstream
		return GlobalID{}, invalidInput("global ID is %d bytes; at most %d are allowed", len(id), MaxIDBytes)
	}
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return GlobalID{}, invalidInput("malformed global ID %s", errcode.Echo(id))
	}
	parts := strings.SplitN(string(raw), ":", 3)
	if len(parts) != 3 || parts[2] == "" || !knownKinds[Kind(parts[0])] {
		return GlobalID{}, invalidInput("malformed global ID %s", errcode.Echo(id))
	}
	p, err := civ.ParseProvinceCode(parts[1])
	if err != nil {
		return GlobalID{}, invalidInput("global ID %s names an unknown province %s", errcode.Echo(id), errcode.Echo(parts[1]))
	}
	return GlobalID{Kind: Kind(parts[0]), Province: p, LocalID: parts[2]}, nil
}

// ErrInvalidInput marks errors caused by the client's arguments.
var ErrInvalidInput = fmt.Errorf("invalid input")

func invalidInput(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidInput, fmt.Sprintf(format, args...))
}
