package server

import (
	"maps"
	"slices"
)

// RESTCommands lists the REST commands the emulator serves (for the table
// test in package server_test).
func RESTCommands() []string { return slices.Sorted(maps.Keys(restHandlers)) }
