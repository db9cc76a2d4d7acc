package profile_test

import (
	"fmt"

	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/types"
)

func ExampleUpdate_Validate() {
	u := profile.Update{Nick: new("Alice"), Gender: new(types.GenderFemale)}
	fields, err := u.Validate()
	fmt.Println(fields, err)

	_, err = profile.Update{}.Validate()
	fmt.Println(err)
	// Output:
	// [nick gender] <nil>
	// profile: nothing to update: 2722: no profile field to update
}
