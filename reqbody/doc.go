// Package reqbody holds a request body already read into memory, so that
// the layers in front of the GraphQL handler that each need the whole body
// (the admission limiter reads it before taking a slot, documentId
// handling looks into it, the response cache keys on it) share one copy
// instead of each reading and copying it again.
//
// The package imports only the standard library.
package reqbody
