package types

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// declaredCodes reads errors.go and errors_rest.go and returns every
// constant declared with type Code, by name, so that a code added without a
// meaning fails the test.
func declaredCodes(t *testing.T) map[string]Code {
	t.Helper()
	codes := map[string]Code{}
	for _, file := range []string{"errors.go", "errors_rest.go"} {
		declaredIn(t, file, codes)
	}
	return codes
}

// declaredIn adds the Code constants of one file to codes.
func declaredIn(t *testing.T, file string, codes map[string]Code) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s: value is not a literal", name.Name)
				}
				n, err := strconv.Atoi(lit.Value)
				if err != nil {
					t.Fatalf("%s: %v", name.Name, err)
				}
				codes[name.Name] = Code(n)
			}
		}
	}
}

func TestEveryCodeHasAMeaning(t *testing.T) {
	codes := declaredCodes(t)
	if len(codes) < 60 {
		t.Fatalf("found only %d declared codes; did the parser miss some?", len(codes))
	}
	seen := map[Code]string{}
	for name, c := range codes {
		if c.Meaning() == "" {
			t.Errorf("%s (%d) has no meaning", name, c)
		}
		if other, dup := seen[c]; dup {
			t.Errorf("%s and %s share code %d", name, other, c)
		}
		seen[c] = name
	}
	if len(meanings) != len(codes) {
		t.Errorf("meanings has %d entries for %d declared codes", len(meanings), len(codes))
	}
}

func TestCodeFormatting(t *testing.T) {
	if got, want := ErrNotLoggedIn.String(), "2024: user is not logged in"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := Code(12345).String(), "12345"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := Code(12345).Meaning(); got != "" {
		t.Errorf("undeclared Meaning() = %q, want empty", got)
	}
	if got, want := ErrBodySizeLimit.Error(), "80002: message body too large"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCodeIsSDK(t *testing.T) {
	for c, want := range map[Code]bool{
		ErrNoSDKAppID: true, ErrProfanityFound: true, ErrLoggedOut: true,
		ErrHelloAnswerKickedOut: false, ErrGroupShutUpDeny: false, ErrUserSigExpired: false,
	} {
		if got := c.IsSDK(); got != want {
			t.Errorf("%v.IsSDK() = %v, want %v", c, got, want)
		}
	}
}

// codedError is how a caller's error type can carry a Code and still match
// the constant with errors.Is.
type codedError struct{ code Code }

func (e codedError) Error() string { return e.code.Error() }
func (e codedError) Unwrap() error { return e.code }

func TestCodeWorksWithErrorsIs(t *testing.T) {
	err := fmt.Errorf("send: %w", codedError{ErrGroupShutUpDeny})
	if !errors.Is(err, ErrGroupShutUpDeny) {
		t.Error("errors.Is did not find ErrGroupShutUpDeny")
	}
	if errors.Is(err, ErrMsgShutUpDeny) {
		t.Error("errors.Is matched a different code")
	}
}

func ExampleCode_Meaning() {
	fmt.Println(ErrNotInAVChatRoom.Meaning())
	fmt.Println(ErrUserSigExpired)
	// Output:
	// not a member of this AVChatRoom; join it first
	// 70001: UserSig expired
}

func TestRetryLater(t *testing.T) {
	for _, c := range []Code{ErrGroupInternal, ErrServiceOverload, ErrAccountInternalTimeout, ErrAccountInternal, ErrOpenIMInternal} {
		if !c.RetryLater() {
			t.Errorf("%v: RetryLater false", c)
		}
	}
	for _, c := range []Code{ErrGroupNotFound, ErrGroupInvalidParameters, ErrRESTFrequencyLimit, ErrUserSigExpired} {
		if c.RetryLater() {
			t.Errorf("%v: RetryLater true", c)
		}
	}
	if got, want := ErrAccountInternalTimeout.String(), "70169: internal timeout; retry later"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
