"""The respondent's side: links, drafts, the page flow, answers, pairing codes and sending."""
