// Package profile is the model of user profiles as tim-js-sdk 2.27.6 shows
// them: a [Profile], and the [Update] options of updateMyProfile with the
// same client-side checks.
//
// It knows nothing of the wire; the tim package fills these values. JSON
// tags follow the JS object fields.
package profile
