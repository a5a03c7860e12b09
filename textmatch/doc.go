// Package textmatch matches Chinese (and Latin) text the way people type
// it into a search box: whole words, parts of words, several words with
// or without spaces, full-width or half-width, any case.
//
// The model is a character-bigram one with no dictionary, so it is
// predictable and needs no data files: text is folded (Normalize) and
// split at separators (spaces, punctuation, symbols) into words; a
// query's terms are its words (Terms). A term with Han characters matches
// a text holding its one character, or every one of its bigrams (长者食堂:
// 长者, 者食, 食堂; 站点2: 站点, 点2), so 长者 食堂 and 长者食堂 find the
// same 社区长者食堂. A term of letters and digits matches a text holding
// it within a word (canteen finds canteens, 25 finds 2025). So every
// piece of a text, typed as a query, finds it. Every term must match
// within one of the texts given (a field); different terms may match
// different fields.
//
// Match is the single definition of what matches; Index finds candidates
// for it by their bigrams without reading every row; Score ranks matches
// and Highlight shows, as plain text and ranges, where a query matched.
//
// It imports nothing of civgraph's own, so the domain package civ, the
// connectors and the sample upstreams can all share one definition.
package textmatch
