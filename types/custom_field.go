package types

// CustomField is one app-defined key/value pair, the shape tim-js-sdk uses
// for groupCustomField, memberCustomField and profileCustomField. It lives
// here so that the group, message and profile models share one definition.
type CustomField struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// CustomFieldValue returns the value of key in fields and whether it is there.
func CustomFieldValue(fields []CustomField, key string) (string, bool) {
	for _, f := range fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}
