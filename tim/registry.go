package tim

import "sync"

// registry holds the Create singletons by SDKAppID, as tim-js-sdk's
// module-level map; it is the only global state of the package.
var registry struct {
	sync.Mutex
	m map[uint64]*TIM
}

// Create returns the instance of sdkAppID, creating it on first use, like
// TIM.create: the same *TIM until it is destroyed. Options apply only when
// the instance is created. SDKAppID 0 is never cached (a new instance every
// time, as in tim-js-sdk). Use New for independent instances.
func Create(sdkAppID uint64, opts ...Option) *TIM {
	if sdkAppID == 0 {
		return New(sdkAppID, opts...)
	}
	registry.Lock()
	defer registry.Unlock()
	if t := registry.m[sdkAppID]; t != nil {
		return t
	}
	if registry.m == nil {
		registry.m = make(map[uint64]*TIM)
	}
	t := New(sdkAppID, opts...)
	t.registered = true
	registry.m[sdkAppID] = t
	return t
}

// unregister removes a destroyed instance from the registry.
func unregister(t *TIM) {
	if !t.registered {
		return
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.m[t.sdkAppID] == t {
		delete(registry.m, t.sdkAppID)
	}
}
