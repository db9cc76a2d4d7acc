// Package jsonlibs measures the SDK's hand-written receive-path decoder
// (internal/wire/fastdecode.go, fastscan.go) against JSON libraries decoding
// the same inputs into the same structs: encoding/json, encoding/json/v2
// (GOEXPERIMENT=jsonv2), github.com/goccy/go-json and
// github.com/bytedance/sonic.
//
// It is a module of its own so that the libraries stay out of the SDK's
// go.mod. Its path lies under github.com/tim-go/sdk, so the go command lets
// it import internal/wire (the hand-written side and the input builders).
// The libraries need the wire structs with their two custom unmarshalers
// (ItemBody: array, tip or notice; Priority: number or name) calling the
// library under test rather than encoding/json, so structs.go is a copy of
// those structs made by hand; TestSameResult checks that every library's
// result marshals to the same bytes as the hand-written decoder's.
//
// Reproduce (docs/performance-libs.md):
//
//	cd bench/jsonlibs && GOEXPERIMENT=jsonv2 go test -run '^$' -bench . -count 3
package jsonlibs
