package civ

import "fmt"

// ParseDomain validates s as a Domain.
func ParseDomain(s string) (Domain, error) {
	for _, d := range AllDomains {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown domain %q", s)
}

// ParseDomains validates each of ss as a Domain.
func ParseDomains(ss []string) ([]Domain, error) {
	out := make([]Domain, 0, len(ss))
	for _, s := range ss {
		d, err := ParseDomain(s)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DomainStrings is the inverse of ParseDomains.
func DomainStrings(ds []Domain) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

// ParseSiteType validates s as a SiteType.
func ParseSiteType(s string) (SiteType, error) {
	for _, t := range AllSiteTypes {
		if string(t) == s {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown site type %q", s)
}

// ParseMeetingKind validates s as a MeetingKind.
func ParseMeetingKind(s string) (MeetingKind, error) {
	switch k := MeetingKind(s); k {
	case MeetingWorkConference, MeetingTrainingCourse:
		return k, nil
	}
	return "", fmt.Errorf("unknown meeting kind %q", s)
}

// ParseOriginKind validates s as an OriginKind.
func ParseOriginKind(s string) (OriginKind, error) {
	switch k := OriginKind(s); k {
	case OriginMeeting, OriginPolicyDocument:
		return k, nil
	}
	return "", fmt.Errorf("unknown origin kind %q", s)
}

// ParseGeoPoint validates a coordinate pair; both nil means unknown.
func ParseGeoPoint(lat, lng *float64) (*GeoPoint, error) {
	switch {
	case lat == nil && lng == nil:
		return nil, nil
	case lat == nil || lng == nil || *lat < -90 || *lat > 90 || *lng < -180 || *lng > 180:
		return nil, fmt.Errorf("bad coordinates lat=%v lng=%v", lat, lng)
	}
	return &GeoPoint{Lat: *lat, Lng: *lng}, nil
}

// ParseConfidence validates s as a Confidence; "" is no grade (generated rows).
func ParseConfidence(s string) (Confidence, error) {
	if s == "" {
		return "", nil
	}
	for _, c := range AllConfidences {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown confidence %q", s)
}
