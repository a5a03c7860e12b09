package resolvers

import "time"

// milliseconds renders an optional duration as fractional milliseconds.
func milliseconds(d *time.Duration) *float64 {
	if d == nil {
		return nil
	}
	ms := float64(*d) / float64(time.Millisecond)
	return &ms
}
