package tim

import (
	"sync/atomic"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Log levels of SetLogLevel, with tim-js-sdk's meanings.
const (
	LogLevelAll     = 0 // everything (JS "common", the default)
	LogLevelRelease = 1 // info and above
	LogLevelWarn    = 2
	LogLevelError   = 3
	LogLevelNone    = 4
)

// SetLogLevel sets the instance's log level: 0 all, 1 release (info), 2
// warnings, 3 errors, 4 none; -1 (debug in JS) counts as 0.
func (t *TIM) SetLogLevel(level int) { t.logLevel.Store(int32(level)) }

// levelCore filters the app's logger by the instance's JS log level.
type levelCore struct {
	zapcore.Core
	level *atomic.Int32
}

func (c levelCore) allowed(l zapcore.Level) bool {
	switch lv := c.level.Load(); {
	case lv <= LogLevelAll:
		return true
	case lv == LogLevelRelease:
		return l >= zapcore.InfoLevel
	case lv == LogLevelWarn:
		return l >= zapcore.WarnLevel
	case lv == LogLevelError:
		return l >= zapcore.ErrorLevel
	}
	return false
}

func (c levelCore) Enabled(l zapcore.Level) bool { return c.allowed(l) && c.Core.Enabled(l) }

func (c levelCore) With(f []zapcore.Field) zapcore.Core {
	return levelCore{c.Core.With(f), c.level}
}

func (c levelCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !c.allowed(e.Level) {
		return ce
	}
	return c.Core.Check(e, ce)
}

// nopLogger is the default logger, shared: every instance would otherwise
// allocate its own.
var nopLogger = zap.NewNop()

// isNop reports whether l discards everything.
func isNop(l *zap.Logger) bool { return l.Core() == zapcore.NewNopCore() }

// filteredLogger wraps l with the level switch.
func filteredLogger(l *zap.Logger, level *atomic.Int32) *zap.Logger {
	if isNop(l) {
		return l
	}
	return l.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core { return levelCore{c, level} }))
}
