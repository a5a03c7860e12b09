// Package persisted runs trusted documents: a manifest of the operations a
// front end was built with (graphql-codegen's persistedDocuments or
// Apollo's persisted query manifest), looked up by the id a request sends
// as documentId or extensions.persistedQuery.sha256Hash. In trusted-only
// mode every other operation is refused, so a client can run nothing the
// front-end build did not ship.
//
// SharedAPQ keeps the automatic persisted queries clients register in the
// Redis the replicas share.
//
// It plugs into gqlgen as an operation parameter mutator and imports
// errcode, for its error codes, redisconn, for SharedAPQ, and reqbody, to
// look into a body the server holds without copying it; it must not
// import connectors, federation, resolvers, gateway or server.
package persisted
