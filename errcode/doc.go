// Package errcode is the one table of every GraphQL extensions.code the
// gateway answers with: each code's name, the HTTP status a request-level
// error with that code gets, and the description the README's error table
// gives it (a test keeps the two equal).
//
// It is a leaf: it imports nothing of ours, so connectors, federation,
// gateway and server can all use it without bending the one-way
// dependency server → resolvers → federation → connectors → civ.
package errcode
