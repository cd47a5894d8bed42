package openapi

// observersMayAsk is the body setting of issue 13, item 2, as a request
// sends it; absent keeps the setting.
var observersMayAsk = boolean("Whether the delegations of observers and guests ask for the floor in the body's sittings; absent keeps the setting.")
