// Package schema holds civgraph's GraphQL SDL, one .graphqls file per
// area, from which gqlgen generates graph/, and possible-types.json (the
// members of each interface and union, for front-end caches), generated
// from the SDL and embedded as PossibleTypes. Its tests check that every
// element is described in Chinese and English and that possible-types.json
// is current.
//
// It imports only gqlparser; never graph/ or anything of the gateway.
package schema
