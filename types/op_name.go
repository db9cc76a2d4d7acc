package types

import "strconv"

// opName is the String of a numeric operation type: its name from names,
// or "typeName(n)" for an undeclared value.
func opName[T ~int](names map[T]string, op T, typeName string) string {
	if s, ok := names[op]; ok {
		return s
	}
	return typeName + "(" + strconv.Itoa(int(op)) + ")"
}
