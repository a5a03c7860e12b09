package resolvers

import (
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/graph/model"
)

// backwards adds a list's order and its backward paging arguments (last,
// before) to req.
func backwards(req federation.Request, order connectors.Order, last *int, before *string) federation.Request {
	req.Order, req.Last = order, last
	if before != nil {
		req.Before = *before
	}
	return req
}

// order maps a list's orderBy to the connectors' order; nil is the
// source order.
func order[F ~string](field *F, direction *model.OrderDirection) connectors.Order {
	if field == nil {
		return connectors.Order{}
	}
	return connectors.Order{Field: connectors.OrderField(*field), Desc: direction != nil && *direction == model.OrderDirectionDesc}
}

func meetingOrder(o *model.MeetingOrder) connectors.Order {
	if o == nil {
		return connectors.Order{}
	}
	return order(&o.Field, o.Direction)
}

func policyDocumentOrder(o *model.PolicyDocumentOrder) connectors.Order {
	if o == nil {
		return connectors.Order{}
	}
	return order(&o.Field, o.Direction)
}

func taskOrder(o *model.TaskOrder) connectors.Order {
	if o == nil {
		return connectors.Order{}
	}
	return order(&o.Field, o.Direction)
}

func serviceSiteOrder(o *model.ServiceSiteOrder) connectors.Order {
	if o == nil {
		return connectors.Order{}
	}
	return order(&o.Field, o.Direction)
}
