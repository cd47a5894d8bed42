package accord

import "time"

// An embargo schedules a press release: the secretariat writes it ahead,
// with its photos, and it stays invisible to everyone else (its page, the
// press room, the feeds, search, the API) until EmbargoUntil. The policy
// decides it here, for one document; the store's lists apply the same rule
// as SQL (DocumentReaders.Now), and count the embargoes ended by a moment
// into their change versions, so that a cached public page never outlives
// an embargo's end.

// embargoed reports whether r is under an embargo that a may not see
// through: the embargo has not ended at a.At, and a is not the secretariat
// of one of r's organizations.
func embargoed(a *Actor, r Resource) bool {
	if r.EmbargoUntil.IsZero() || a.has(RoleSecretariat, r.Organizations) {
		return false
	}
	return a.At.Before(r.EmbargoUntil)
}

// Embargoed reports whether d is still under embargo at now.
func (d *Document) Embargoed(now time.Time) bool {
	return !d.EmbargoUntil.IsZero() && now.Before(d.EmbargoUntil)
}

// Published is when a document became public: the end of its embargo, or
// its creation.
func (d *DocumentSummary) Published() time.Time {
	if d.EmbargoUntil.After(d.CreatedAt) {
		return d.EmbargoUntil
	}
	return d.CreatedAt
}

// ValidateEmbargo checks d's embargo at now, before it is stored; before
// is the document as stored, nil for a new one. An embargo is set on a
// press release only, for a time to come; once it has ended it is history
// and no longer changes, since a release the public has read cannot be
// taken back (and the store's change versions count ended embargoes, which
// must only grow).
func ValidateEmbargo(d, before *Document, now time.Time) error {
	if before != nil && !before.EmbargoUntil.IsZero() && !before.Embargoed(now) {
		if !d.EmbargoUntil.Equal(before.EmbargoUntil) {
			return Invalid("embargo_until", "the release was published at %s: its embargo no longer changes", before.EmbargoUntil.UTC().Format(time.RFC3339))
		}
		return nil
	}
	if d.EmbargoUntil.IsZero() {
		return nil
	}
	if before != nil && before.EmbargoUntil.IsZero() {
		return Invalid("embargo_until", "the document was published when it was stored: it cannot be scheduled afterwards")
	}
	if d.Kind != DocPressRelease {
		return Invalid("embargo_until", "only a press release is scheduled for publication")
	}
	if !d.EmbargoUntil.After(now) {
		return Invalid("embargo_until", "%s is in the past: schedule the release for a later time, or leave the field empty to publish it now", d.EmbargoUntil.UTC().Format(time.RFC3339))
	}
	if d.EmbargoUntil.After(now.AddDate(MaxEmbargoYears, 0, 0)) {
		return Invalid("embargo_until", "a release is scheduled at most %d years ahead", MaxEmbargoYears)
	}
	return nil
}

// MaxEmbargoYears bounds how far ahead a release is scheduled: a date
// further off is a typing mistake.
const MaxEmbargoYears = 2
