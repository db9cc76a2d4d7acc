package wire

// URL query keys. The webhook's own keys (SdkAppid, CallbackCommand, Sign…)
// are in webhook.go; the keys here are spelled once for both sides: the
// client that builds a URL and the emulator that reads it.

// The REST API's URL: POST {base}/v4/{service}/{command}?sdkappid=
// &identifier=&usersig=&random=&contenttype=json (Tencent's REST overview,
// cloud.tencent.com/document/product/269/1519,
// tencentcloud.com/document/product/1047/34620).
const (
	// RESTPathPrefix starts every REST path: /v4/<service>/<command>.
	RESTPathPrefix = "/v4/"
	// RESTQuerySDKAppID is the app's SDKAppID.
	RESTQuerySDKAppID = "sdkappid"
	// RESTQueryIdentifier is the App admin's user ID.
	RESTQueryIdentifier = "identifier"
	// RESTQueryUserSig is the admin's UserSig.
	RESTQueryUserSig = "usersig"
	// RESTQueryRandom is a random 32-bit unsigned integer, fresh per call.
	RESTQueryRandom = "random"
	// RESTQueryContentType is always ContentTypeJSON.
	RESTQueryContentType = "contenttype"
)

// The WebSocket connect URL tim-js-sdk 2.27.6 opens:
// {host}/binfo?sdkappid=&instanceid=&random=&platform=7&host=&version=-1
// &sdkversion=2.27.6&compress=gzip.
const (
	// ConnQuerySDKAppID is the app's SDKAppID.
	ConnQuerySDKAppID = "sdkappid"
	// ConnQueryInstanceID is the SDK instance's 32 hex characters.
	ConnQueryInstanceID = "instanceid"
	// ConnQueryRandom is a random number in [0, 1).
	ConnQueryRandom = "random"
	// ConnQueryPlatform is PlatformWeb.
	ConnQueryPlatform = "platform"
	// ConnQueryHost is the client's operating system ("mac", "windows"…).
	ConnQueryHost = "host"
	// ConnQueryVersion is always ConnVersion.
	ConnQueryVersion = "version"
	// ConnQuerySDKVersion is SDKVersion.
	ConnQuerySDKVersion = "sdkversion"
	// ConnQueryCompress asks for compressed frames when it is ConnCompressGzip.
	ConnQueryCompress = "compress"
	// ConnCompressGzip is the compress value of a client that inflates
	// "COMP" frames.
	ConnCompressGzip = "gzip"
	// ConnVersion is the version value tim-js-sdk sends.
	ConnVersion = "-1"
)
