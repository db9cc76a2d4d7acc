package wire

// Status is the ActionStatus/ErrorCode/ErrorInfo triple that every reply and
// every REST answer carries. ErrorCode 0 (or missing) is success.
type Status struct {
	ActionStatus string `json:"ActionStatus"`
	ErrorCode    int    `json:"ErrorCode"`
	ErrorInfo    string `json:"ErrorInfo"`
}

// OK is a successful status.
func OK() Status { return Status{ActionStatus: "OK"} }

// Fail is a failed status with Tencent's code and a message.
func Fail(code int, info string) Status { return Status{"FAIL", code, info} }

// Failed reports whether s carries an error code.
func (s *Status) Failed() bool { return s.ErrorCode != 0 }

// SetStatus lets a reply body that embeds Status have its status replaced.
func (s *Status) SetStatus(st Status) { *s = st }

// GetStatus returns the embedded status.
func (s *Status) GetStatus() Status { return *s }

// Statuser is any body with an embedded Status.
type Statuser interface {
	SetStatus(Status)
	GetStatus() Status
}

// Empty is a request or reply body with nothing but (for replies) a status.
type Empty struct{}

// ConfigStatus is the error pair the im_sdk_config_mgr replies use instead of Status.
type ConfigStatus struct {
	ErrorCode    int    `json:"int32_error_code"`
	ErrorMessage string `json:"str_error_message"`
}
