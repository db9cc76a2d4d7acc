module github.com/tim-go/sdk

go 1.26.0

require (
	github.com/coder/websocket v1.8.14
	github.com/gorilla/websocket v1.5.3
	go.uber.org/zap v1.27.0
	golang.org/x/time v0.16.0
)

require (
	github.com/stretchr/testify v1.10.0 // indirect
	go.uber.org/multierr v1.10.0 // indirect
)
