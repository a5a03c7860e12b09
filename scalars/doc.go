// Package scalars holds the GraphQL custom scalars Date and DateTime. A
// zero time marshals to null, so unknown dates are reported as such rather
// than as 0001-01-01.
//
// It imports gqlgen's graphql package and, to bound what an error repeats of
// a client's value, errcode.
package scalars
