package profile

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tim-go/sdk/types"
)

// New gives the defaults the JS Profile constructor sets.
func TestNewDefaultsJSON(t *testing.T) {
	b, err := json.Marshal(New("alice"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"userID":"alice","nick":"","gender":"","birthday":0,"location":"","selfSignature":"",` +
		`"allowType":"AllowType_Type_AllowAny","language":0,"avatar":"","messageSettings":0,` +
		`"adminForbidType":"AdminForbid_Type_None","level":0,"role":0,"lastUpdatedTime":0,"profileCustomField":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestValidateReturnsSetFields(t *testing.T) {
	u := Update{
		Nick: new("Alice"), Gender: new(types.GenderFemale), Level: new(0),
		ProfileCustomField: []CustomField{{Key: "vip", Value: "1"}},
	}
	got, err := u.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"nick", "gender", "level", "profileCustomField"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Validate() = %v, want %v", got, want)
	}
}

func TestValidateEmpty(t *testing.T) {
	_, err := Update{}.Validate()
	if !errors.Is(err, ErrNothingToUpdate) || !errors.Is(err, types.ErrUpdateProfileNoKey) {
		t.Errorf("empty update error = %v, want ErrNothingToUpdate (2722)", err)
	}
}

func TestValidateRejects(t *testing.T) {
	cases := []struct {
		name  string
		u     Update
		field string
	}{
		{"nick of 251 ASCII letters", Update{Nick: new(strings.Repeat("a", 251))}, "nick"},
		{"nick of 126 emoji (2 code units each)", Update{Nick: new(strings.Repeat("😀", 126))}, "nick"},
		{"unknown gender", Update{Gender: new(types.Gender("Gender_Type_Other"))}, "gender"},
		{"empty gender", Update{Gender: new(types.Gender(""))}, "gender"},
		{"unknown allow type", Update{AllowType: new(types.AllowType("maybe"))}, "allowType"},
		{"unknown forbid type", Update{AdminForbidType: new(types.ForbidType("x"))}, "adminForbidType"},
		{"messageSettings 2", Update{MessageSettings: new(2)}, "messageSettings"},
		{"custom field without key", Update{ProfileCustomField: []CustomField{{Value: "v"}}}, "profileCustomField"},
	}
	for _, c := range cases {
		_, err := c.u.Validate()
		var fe *InvalidFieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: error = %v, want invalid %s", c.name, err, c.field)
			continue
		}
		if !errors.Is(err, types.ErrUpdateProfileInvalidParam) {
			t.Errorf("%s: error does not match 2721", c.name)
		}
	}
}

// The JS counter counts 2 bytes per UTF-16 code unit, so 250 units pass.
func TestNickLimitEdge(t *testing.T) {
	for _, nick := range []string{strings.Repeat("a", 250), strings.Repeat("你", 250), strings.Repeat("😀", 125)} {
		if _, err := (Update{Nick: &nick}).Validate(); err != nil {
			t.Errorf("nick of %d runes rejected: %v", len([]rune(nick)), err)
		}
	}
	if got := NickBytes("abc"); got != 6 {
		t.Errorf(`NickBytes("abc") = %d, want 6 (as tim-js-sdk counts)`, got)
	}
}

func TestApplyTo(t *testing.T) {
	p := New("alice")
	p.ProfileCustomField = []CustomField{{Key: "a", Value: "1"}}
	u := Update{
		Nick: new("Alice"), MessageSettings: new(1),
		ProfileCustomField: []CustomField{{Key: "a", Value: "2"}, {Key: "b", Value: "x"}},
	}
	if !u.ApplyTo(p) {
		t.Fatal("first ApplyTo reported no change")
	}
	if p.Nick != "Alice" || p.MessageSettings != 1 || p.AllowType != types.AllowTypeAllowAny {
		t.Errorf("ApplyTo result %+v", p)
	}
	if v, _ := p.CustomField("a"); v != "2" {
		t.Errorf("custom a = %q, want 2", v)
	}
	if v, ok := p.CustomField("b"); !ok || v != "x" {
		t.Errorf("custom b = %q, %v", v, ok)
	}
	if u.ApplyTo(p) {
		t.Error("applying the same update twice reported a change")
	}
}

func TestUpdateJSONHasOnlySetFields(t *testing.T) {
	b, err := json.Marshal(Update{Nick: new(""), AllowType: new(types.AllowTypeDenyAny)})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"nick":"","allowType":"AllowType_Type_DenyAny"}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}
