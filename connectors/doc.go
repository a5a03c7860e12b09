// Package connectors defines the contract between the federation layer and
// the province connectors: the Source interface, the normalized Query each
// connector takes, the Result it returns with its provenance, the
// Capabilities it declares per entity, and the one error type
// whose Code — a code of errcode's table — becomes a GraphQL error's
// extensions.code, with Normalize to make any error one.
//
// Province packages (connectors/hebei, …) implement Source with the shared
// toolkit connectors/kit; connectors/httpclient (HTTP) and connectors/cache
// (caching) serve them all; connectors/baseurl checks their base URLs as
// config validation does; connectors/sourcetest proves each against the
// contract. It imports only the domain package civ and errcode.
package connectors
