package civ

// Select applies match to rows and returns the window [offset,
// offset+limit) of the matches with their total: what every sample
// upstream does for a filtered page.
func Select[T any](rows []T, match func(T) bool, offset, limit int) ([]T, int) {
	var page []T
	total := 0
	for _, r := range rows {
		if !match(r) {
			continue
		}
		if total >= offset && len(page) < limit {
			page = append(page, r)
		}
		total++
	}
	return page, total
}
