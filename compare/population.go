package compare

// addPopulation puts, on rows of metrics about services for residents
// (site counts and capacities), the reference population of the row's
// region and the value per 10,000 residents aged 60 and over. A region
// without a cited figure keeps both nil. Rows of a site type or domain
// belong to their province (or the scope).
func (c *Comparer) addPopulation(pl plan, rows []Row) {
	if pl.req.Metric != SiteCount && pl.req.Metric != Capacity {
		return
	}
	for i := range rows {
		r := &rows[i]
		code := planner{c.div}.root(r.Province, pl.scope).Code
		if r.Region != nil {
			code = r.Region.Code
		}
		fig, ok := c.pop.Lookup(code)
		if !ok {
			continue
		}
		r.Elderly = &fig
		if r.Value != nil {
			per := *r.Value * 10000 / float64(fig.Elderly)
			r.PerTenThousandElderly = &per
		}
	}
}
