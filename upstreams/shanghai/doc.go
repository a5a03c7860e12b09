// Package shanghai is the sample upstream of 上海市民政局 on the public
// data platform: POST /interface/{resourceNo}/{interfaceNo} with a token
// header and a JSON body of filters plus limit (≤100) and offset. Answers
// are {"code":"000000","message":…,"data":"<JSON string of {state,total,data}>"};
// coordinates are GCJ-02, times epoch milliseconds, site types numeric
// codes (2014 助餐点, 2015 社区长者食堂), and an over-eager client gets
// HTTP 429 with Retry-After.
//
// It imports civ, geo and the dataset only; it knows nothing of the gateway.
package shanghai
