package tim

import (
	"context"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/types"
)

// kickTypes maps the wire KickType to the KICKED_OUT type.
var kickTypes = map[int]types.KickedOutType{
	wire.KickMultipleAccount: types.KickedOutMultAccount,
	wire.KickMultipleDevice:  types.KickedOutMultDevice,
	wire.KickRESTAPI:         types.KickedOutRESTAPI,
}

// onKick handles a kick seen on the reader goroutine (stat_forceoffline, a
// kick in msg_push, or 1002 on a reply) on a goroutine of its own.
func (t *TIM) onKick(kickType int) {
	kt, ok := kickTypes[kickType]
	if !ok {
		t.log.Warn("unknown kick type", zap.Int("kickType", kickType))
		return
	}
	t.goTracked(func() { t.kick(kt) })
}

// kick signs the instance out as tim-js-sdk does: wslogout type 1 for a
// multi-account or multi-device kick, KICKED_OUT, reset (SDK_NOT_READY),
// then the socket is closed and not reopened until the next call.
func (t *TIM) kick(kt types.KickedOutType) {
	if t.sess.Load() == nil {
		return
	}
	t.log.Info("kicked out", zap.String("type", string(kt)))
	if kt != types.KickedOutRESTAPI {
		ctx, cancel := context.WithTimeout(context.Background(), AliveTimeout)
		_ = t.do(ctx, call{servcmd: wire.CmdLogout, body: wire.LogoutReq{LogoutType: wire.LogoutTypeKicked}, quiet: true})
		cancel()
	}
	if t.endSession(kt.NotReadyCode(), kt) {
		t.conn.Close()
	}
}

// errField is a zap field for err.
func errField(err error) zap.Field { return zap.Error(err) }
