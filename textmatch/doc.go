// Package textmatch matches Chinese (and Latin) text the way people type
// it into a search box: whole words, parts of words, several words with
// or without spaces, full-width or half-width, any case.
//
// The model is a character-bigram one with no dictionary, so it is
// predictable and needs no data files: text is folded (Normalize) and
// split into runs of Han characters and runs of letters and digits. A
// query's terms are those runs (Terms). A Han term of one character
// matches a text containing that character; a longer one matches a text
// containing every one of its bigrams (长者食堂: 长者, 者食, 食堂), so 长者
// 食堂 and 长者食堂 find the same 社区长者食堂. A letter/digit term matches
// a word of the text that holds it (canteen finds canteens, 25 finds
// 2025), so every substring of a text matches it. Every
// term must match within one of the texts given (a field); different
// terms may match different fields. Match is the single definition of
// what matches; Index finds candidates for it by their bigrams without
// reading every row,
// Score ranks matches and Highlight shows where a query matched.
//
// It imports nothing of civgraph's own, so the domain package civ, the
// connectors and the sample upstreams can all share one definition.
package textmatch
