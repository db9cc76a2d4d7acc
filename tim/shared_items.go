package tim

import (
	"sync"

	"github.com/tim-go/sdk/internal/wire"
)

// Instances of one process share the live-room items they receive (decoded
// once, mapped once: wire/itemshare.go, mapItem), but only while there are
// several: one instance alone would pay the lookups for nothing.
var (
	liveMu sync.Mutex
	live   int
)

// instanceBorn counts a new instance; the second turns sharing on.
func instanceBorn() {
	liveMu.Lock()
	live++
	if live == 2 {
		wire.ShareItems(true)
	}
	liveMu.Unlock()
}

// instanceGone counts a destroyed instance; below two, sharing stops and
// the shared items are let go.
func instanceGone() {
	liveMu.Lock()
	live--
	if live == 1 {
		wire.ShareItems(false)
	}
	liveMu.Unlock()
}
