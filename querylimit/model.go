package querylimit

// Model tells the analysis what the schema's fields cost. Fields are named
// by their coordinate, "Type.field".
type Model struct {
	// Provinces lists every province an upstream field may reach when
	// nothing narrows it.
	Provinces []string
	// PageSize is how many rows one upstream call returns at most.
	PageSize int
	// DefaultFirst is a connection's page size when "first" is not given.
	DefaultFirst int
	// DefaultListSize is the assumed length of a list field whose length
	// the query does not fix; ListSizes overrides it per field (e.g.
	// Region.children: a province has hundreds of counties).
	DefaultListSize int
	ListSizes       map[string]int
	// Spread names list fields whose items each belong to a different
	// province (e.g. Query.provinces), so they do not multiply how many
	// objects of one province a query can reach.
	Spread map[string]bool
	// Narrow gives, from a field's arguments, the provinces its result
	// belongs to (e.g. Query.province(code:)); nil or empty: unchanged.
	Narrow map[string]func(args map[string]any) []string
	// Upstream names the fields that call province upstreams.
	Upstream map[string]Upstream
	// SchemaCost is what one __schema field costs: its answer lists the
	// whole schema, however few fields the query names, so aliasing it
	// must not be nearly free. 0: it costs one like any field.
	SchemaCost int
}

// Upstream describes how one field calls the provinces' upstreams.
type Upstream struct {
	// PerParent: the call depends on the parent object (e.g. the tasks of
	// one meeting), so every parent object costs a call. Otherwise the call
	// depends only on the arguments and province, and repeating it
	// (aliases, or the same field under several parents) hits the
	// gateway's cache and counts once.
	PerParent bool
	// Batch, with PerParent: the gateway's per-request loaders gather the
	// parents' keys, so a province is called once per Batch parents
	// (ceil(parents/Batch)), not once per parent. BatchCalls is how many
	// calls one batch makes to a province (0 means 1; e.g. 2 for a task's
	// origin, looked up among meetings and among policy documents).
	Batch      int
	BatchCalls int
	// Paged: a connection read in pages of Model.PageSize rows, costing
	// ceil(first/PageSize)+1 calls per province (the extra page tells the
	// total and where the next province starts). Otherwise one call.
	Paged bool
	// Calls, when set, counts the calls per province from the arguments
	// alone (e.g. node(id:), whose ID names its province).
	Calls func(args map[string]any) map[string]int
	// PerProvince, when set, counts the calls the field makes to each
	// province it reaches, from its arguments and those of the field
	// that produced its parent (e.g. compare: one per group, and a
	// region's groups depend on region(code:)), in place of Paged's pages.
	PerProvince func(args, parentArgs map[string]any, province string) int
}

func (m Model) listSize(coord string) int {
	if n, ok := m.ListSizes[coord]; ok {
		return n
	}
	return m.DefaultListSize
}
