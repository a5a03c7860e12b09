// Package embedded points a civgraph configuration at the sample upstream
// APIs of internal/sampleapi: it starts them on loopback for the provinces
// that have no base URL and fills in their base URLs and demo credentials,
// and it spells those settings as environment lines for a gateway running
// elsewhere.
//
// Only the CLI and tests use it: the gateway core (gateway, server,
// federation, connectors) must not import it or internal/sampleapi, so that
// it knows nothing of the sample APIs.
package embedded
