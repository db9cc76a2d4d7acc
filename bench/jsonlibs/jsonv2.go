//go:build goexperiment.jsonv2

package jsonlibs

import jsonv2 "encoding/json/v2"

func init() {
	libs = append(libs, lib{"encoding-json-v2", func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) }})
}
