// Package connectors defines the contract between the federation layer and
// the province connectors: the Source interface, the normalized Query each
// connector takes, the Result it returns with its provenance, and the one
// error type whose Code becomes a GraphQL error's extensions.code.
//
// Province packages (connectors/hebei, …) implement Source; the shared
// packages connectors/httpclient (HTTP) and connectors/cache (caching) serve
// them all. It imports only the domain package civ.
package connectors
