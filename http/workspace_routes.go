package http

// workspaceRoutes are the secretariat workspace's pages and actions. Who
// may use each is decided by accord.Authorize, and listed for every role in
// the authorization matrix test:
//
//   - organizations: any secretariat officer registers one; its secretariat
//     edits it, its memberships and its bodies;
//   - meetings: the secretariat creates them; it and the chair officer of
//     the state holding the body's chair edit them and their agendas;
//   - delegations: a state's delegation officer registers the state's
//     delegation and its participants; the secretariat, any delegation.
//
// Lists and the pages of delegations are public, as meeting pages are.
func (s *Server) workspaceRoutes() []Route {
	const (
		org        = "/organizations/{org}"
		body       = org + "/bodies/{body}"
		meeting    = body + "/meetings/{number}"
		agenda     = meeting + "/agenda"
		item       = agenda + "/{item}"
		delegation = meeting + "/delegations/{id}"
		person     = delegation + "/participants/{person}"
	)
	return []Route{
		{Method: "GET", Pattern: "/organizations/new", Name: "organization_new", Template: "edit.html", view: formView(s.organizationNewPage)},
		{Method: "POST", Pattern: "/organizations", Name: "organization_create", Template: "edit.html", action: s.createOrganization, page: s.organizationNewPage},
		{Method: "GET", Pattern: org + "/edit", Name: "organization_edit", Template: "edit.html", view: formView(s.organizationEditPage)},
		{Method: "POST", Pattern: org, Name: "organization_update", Template: "edit.html", action: s.updateOrganization, page: s.organizationEditPage},

		{Method: "GET", Pattern: org + "/memberships", Name: "memberships", Public: true, Template: "memberships.html", view: s.membershipsView},
		{Method: "POST", Pattern: org + "/memberships", Name: "membership_create", Template: "memberships.html", action: s.createMembership, page: s.membershipsPage},
		{Method: "GET", Pattern: org + "/memberships/{id}/edit", Name: "membership_edit", Template: "edit.html", view: formView(s.membershipEditPage)},
		{Method: "POST", Pattern: org + "/memberships/{id}", Name: "membership_update", Template: "edit.html", action: s.updateMembership, page: s.membershipEditPage},
		{Method: "POST", Pattern: org + "/memberships/{id}/end", Name: "membership_end", Template: "edit.html", action: s.endMembership, page: s.membershipEditPage},

		{Method: "GET", Pattern: org + "/bodies/new", Name: "body_new", Template: "edit.html", view: formView(s.bodyNewPage)},
		{Method: "POST", Pattern: org + "/bodies", Name: "body_create", Template: "edit.html", action: s.createBody, page: s.bodyNewPage},
		{Method: "GET", Pattern: body + "/edit", Name: "body_edit", Template: "edit.html", view: formView(s.bodyEditPage)},
		{Method: "POST", Pattern: body, Name: "body_update", Template: "edit.html", action: s.updateBody, page: s.bodyEditPage},

		{Method: "GET", Pattern: body + "/meetings/new", Name: "meeting_new", Template: "edit.html", view: formView(s.meetingNewPage)},
		{Method: "POST", Pattern: body + "/meetings", Name: "meeting_create", Template: "edit.html", action: s.createMeeting, page: s.meetingNewPage},
		{Method: "GET", Pattern: meeting + "/edit", Name: "meeting_edit", Template: "edit.html", view: formView(s.meetingEditPage)},
		{Method: "POST", Pattern: meeting, Name: "meeting_update", Template: "edit.html", action: s.updateMeeting, page: s.meetingEditPage},
		{Method: "GET", Pattern: meeting + "/cancel", Name: "meeting_cancellation", Template: "edit.html", view: formView(s.meetingCancelPage)},
		{Method: "POST", Pattern: meeting + "/cancel", Name: "meeting_cancel", Template: "edit.html", action: s.cancelMeeting, page: s.meetingCancelPage},
		{Method: "POST", Pattern: meeting + "/reinstate", Name: "meeting_reinstate", Template: "edit.html", action: s.reinstateMeeting, page: s.meetingCancelPage},

		{Method: "GET", Pattern: agenda, Name: "agenda", Public: true, Template: "agenda.html", view: s.agendaView},
		{Method: "POST", Pattern: agenda, Name: "agenda_item_create", Template: "agenda.html", action: s.createAgendaItem, page: s.agendaPage},
		{Method: "POST", Pattern: agenda + "/several", Name: "agenda_items_create", Template: "agenda.html", action: s.createAgendaItems, page: s.agendaPage},
		{Method: "GET", Pattern: item + "/edit", Name: "agenda_item_edit", Template: "edit.html", view: formView(s.agendaItemEditPage)},
		{Method: "POST", Pattern: item, Name: "agenda_item_update", Template: "edit.html", action: s.updateAgendaItem, page: s.agendaItemEditPage},
		{Method: "POST", Pattern: item + "/delete", Name: "agenda_item_delete", Template: "edit.html", action: s.deleteAgendaItem, page: s.agendaItemEditPage},
		{Method: "POST", Pattern: item + "/move", Name: "agenda_item_move", Template: "agenda.html", action: s.moveAgendaItem, page: s.agendaPage},

		{Method: "GET", Pattern: meeting + "/delegations", Name: "delegations", Public: true, Template: "delegations.html", view: s.delegationsView},
		{Method: "POST", Pattern: meeting + "/delegations", Name: "delegation_create", Template: "delegations.html", action: s.createDelegation, page: s.delegationsPage},
		{Method: "GET", Pattern: delegation, Name: "delegation", Public: true, Template: "delegation.html", view: s.delegationView},
		{Method: "POST", Pattern: delegation + "/participants", Name: "participant_add", Template: "delegation.html", action: s.addParticipant, page: s.delegationPage},
		{Method: "GET", Pattern: person + "/edit", Name: "participant_edit", Template: "edit.html", view: formView(s.participantEditPage)},
		{Method: "POST", Pattern: person, Name: "participant_update", Template: "edit.html", action: s.updateParticipant, page: s.participantEditPage},
		{Method: "POST", Pattern: person + "/delete", Name: "participant_remove", Template: "edit.html", action: s.removeParticipant, page: s.participantEditPage},
	}
}
