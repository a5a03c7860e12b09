package civ

// TextField is one text of a row that the keyword filter matches and
// search ranks, named as its GraphQL field.
type TextField struct {
	Name, Text string
}

// KeywordFields lists the texts of e that Filter.Keyword matches, its
// title or name first; nil for an entity without any (provinces,
// regions). The Match methods and search read the same list, so what
// search ranks is what the filter matched.
func KeywordFields(e Entity) []TextField {
	switch v := e.(type) {
	case Meeting:
		return []TextField{{"title", v.Title}, {"summary", v.Summary}, {"venue", v.Venue}}
	case PolicyDocument:
		return []TextField{{"title", v.Title}, {"shortTitle", v.ShortTitle}, {"summary", v.Summary}}
	case Task:
		return []TextField{{"title", v.Title}, {"description", v.Description}}
	case ServiceSite:
		return []TextField{{"name", v.Name}, {"address", v.Address}}
	}
	return nil
}

// matchFields is MatchKeyword over e's KeywordFields.
func (f Filter) matchFields(e Entity) bool {
	if f.Keyword == "" {
		return true
	}
	fields := KeywordFields(e)
	texts := make([]string, len(fields))
	for i, t := range fields {
		texts[i] = t.Text
	}
	return f.MatchKeyword(texts...)
}
