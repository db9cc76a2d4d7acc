package jsonlibs

import (
	"encoding/json"

	"github.com/bytedance/sonic"
	gojson "github.com/goccy/go-json"
)

// lib is one decoder under test: its Unmarshal, used for the whole body
// and, through unmarshal, inside ItemBody and Priority.
type lib struct {
	name      string
	unmarshal func([]byte, any) error
}

// libs lists the libraries; jsonv2.go adds encoding/json/v2 when built with
// GOEXPERIMENT=jsonv2. Under that experiment encoding/json itself runs on
// the v2 implementation, so "encoding/json" figures are taken without it.
var libs = []lib{
	{"encoding-json", json.Unmarshal},
	{"goccy-go-json", gojson.Unmarshal},
	// ConfigStd copies strings out of the input, as the SDK needs (a read
	// buffer is reused for the next frame) and checks them like encoding/json.
	{"sonic-std", sonic.ConfigStd.Unmarshal},
	// ConfigDefault is sonic's fast mode: its strings point into the input,
	// which the SDK could use only by giving every frame a buffer of its own.
	{"sonic-default", sonic.ConfigDefault.Unmarshal},
}
