package archive

import "encoding/json"

// ProfileIdentifier names the Accord BagIt profile; bag-info.txt carries it
// as BagIt-Profile-Identifier, and the bag holds the profile itself too, so
// that a verifier offline needs no network to read it.
const ProfileIdentifier = "https://accord.example.org/bagit-profile/archive-v1.json"

// Labels of bag-info.txt that Accord adds beside RFC 8493's.
const (
	LabelScope      = "Accord-Scope"
	LabelFor        = "Accord-Prepared-For"
	LabelLeftOut    = "Accord-Left-Out"
	LabelLogOrigin  = "Accord-Log-Origin"
	LabelSigner     = "Accord-Signer"
	LabelRecordKind = "Accord-Records"
)

type bagInfoRule struct {
	Required    bool     `json:"required"`
	Repeatable  bool     `json:"repeatable"`
	Values      []string `json:"values,omitempty"`
	Description string   `json:"description,omitempty"`
}

// Profile is the Accord profile in the BagIt Profiles 1.3 JSON form.
func Profile() []byte {
	p := struct {
		Info               map[string]string      `json:"BagIt-Profile-Info"`
		BagInfo            map[string]bagInfoRule `json:"Bag-Info"`
		ManifestsRequired  []string               `json:"Manifests-Required"`
		ManifestsAllowed   []string               `json:"Manifests-Allowed"`
		AllowFetch         bool                   `json:"Allow-Fetch.txt"`
		FetchRequired      bool                   `json:"Fetch.txt-Required"`
		DataEmpty          bool                   `json:"Data-Empty"`
		Serialization      string                 `json:"Serialization"`
		AcceptSerial       []string               `json:"Accept-Serialization"`
		AcceptVersion      []string               `json:"Accept-BagIt-Version"`
		TagManifestsReq    []string               `json:"Tag-Manifests-Required"`
		TagManifestsAllow  []string               `json:"Tag-Manifests-Allowed"`
		TagFilesRequired   []string               `json:"Tag-Files-Required"`
		TagFilesAllowed    []string               `json:"Tag-Files-Allowed"`
		PayloadFilesReq    []string               `json:"Payload-Files-Required"`
		PayloadFilesAllow  []string               `json:"Payload-Files-Allowed"`
		TagManifestsSigned string                 `json:"Accord-Tag-Manifest-Signature"`
	}{
		Info: map[string]string{
			"BagIt-Profile-Identifier": ProfileIdentifier,
			"BagIt-Profile-Version":    "1.3.0",
			"Source-Organization":      "Accord",
			"External-Description":     "The archive of an intergovernmental organization, a body or a meeting, as Accord hands it to the next chair: records as JSON, attachments, signing bundles, and the transparency log's proofs. docs/formats.md specifies it.",
			"Version":                  "1",
		},
		BagInfo: map[string]bagInfoRule{
			"Source-Organization":      {Required: true, Description: "the organization whose secretariat exported the bag"},
			"Bagging-Date":             {Required: true},
			"Payload-Oxum":             {Required: true},
			"External-Identifier":      {Required: true, Description: "ORG, ORG/BODY or ORG/BODY/N: what the bag holds"},
			"BagIt-Profile-Identifier": {Required: true, Values: []string{ProfileIdentifier}},
			LabelScope:                 {Required: true, Values: []string{"organization", "body", "meeting", "backup"}},
			LabelFor:                   {Required: true, Description: "the party the bag was filtered for: secretariat, or chair STATE"},
			LabelLeftOut:               {Required: true, Repeatable: true, Description: "what the party may not read and the bag leaves out, by count and kind: \"2 confidential documents\"; \"none\""},
			LabelLogOrigin:             {Required: true, Description: "the origin of the transparency log the bag is entered in"},
			LabelSigner:                {Required: true, Description: "the verifier key that signs the tag manifest"},
			LabelRecordKind:            {Repeatable: true, Description: "KIND COUNT: how many records of each kind data/records holds"},
		},
		ManifestsRequired: []string{"sha512"}, ManifestsAllowed: []string{"sha512"},
		Serialization: "optional", AcceptSerial: []string{"application/zip"}, AcceptVersion: []string{"1.0"},
		TagManifestsReq: []string{"sha512"}, TagManifestsAllow: []string{"sha512"},
		TagFilesRequired:   []string{BagitTxt, BagInfoTxt, ProfileFile, SignatureFile, CheckpointFile, ProofFile},
		TagFilesAllowed:    []string{"*"},
		PayloadFilesReq:    []string{"data/records/organization.json"},
		PayloadFilesAllow:  []string{"data/*"},
		TagManifestsSigned: "accord/tagmanifest.sig holds tagmanifest-sha512.txt signed as a C2SP signed note; accord/proof.json its inclusion in the log; accord/checkpoint.txt the cosigned checkpoint the proof leads to",
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		panic(err) // a literal of strings and booleans
	}
	return append(b, '\n')
}

// Files outside every manifest: what signs and proves the tag manifest.
const (
	SignatureFile  = "accord/tagmanifest.sig"
	CheckpointFile = "accord/checkpoint.txt"
	ProofFile      = "accord/proof.json"
)
