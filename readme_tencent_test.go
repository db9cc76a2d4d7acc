package readme_test

import (
	"os"
	"time"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/tim"
	"github.com/tim-go/sdk/tim/usersig"
)

// mySDKAppID stands for the SDKAppID of your app in the IM console.
const mySDKAppID = 1400000000

// README:begin
// userSigFor runs on your backend, the only place that knows the secret
// key: it signs a UserSig for a user your own login has checked.
func userSigFor(userID string) (string, error) {
	return usersig.Generate(mySDKAppID, os.Getenv("TIM_SECRET_KEY"), userID, 7*24*time.Hour)
}

// README:end

// README:begin
// newTencentClient talks to Tencent IM itself: no proxy server, and the
// WebSocket hosts follow the SDKAppID as in tim-js-sdk (regional apps such
// as Singapore's 20xxxxxx pick their site by themselves).
func newTencentClient(overseas bool, logger *zap.Logger) *tim.TIM {
	return tim.New(mySDKAppID,
		tim.WithOversea(overseas),          // TIM.create({oversea: true})
		tim.WithLogger(logger),             // the SDK's logs (none by default)
		tim.WithLogLevel(tim.LogLevelWarn), // tim.setLogLevel(2)
	)
}

// README:end
