// Package csvexport turns a GraphQL response into one CSV table: the list
// of objects at a path of the data (a connection's nodes or edges found by
// itself) becomes the rows, each leaf field a column named by its dotted
// path (region.name), a list of scalars one cell joined by "; ". The file
// is UTF-8 with a byte-order mark (so that Excel reads Chinese as UTF-8),
// quoted as RFC 4180 says, and safe to open in a spreadsheet: a text cell
// that would start a formula is prefixed with an apostrophe.
//
// It knows nothing of the schema, so it serves any query: the connections
// of today and whatever lists later fields return. It imports only
// errcode; it must not import server, gateway, resolvers, federation or
// connectors.
package csvexport
