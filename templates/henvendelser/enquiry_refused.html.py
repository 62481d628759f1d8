BBBBBBB BBBBBBBBBBBBBBB BBBB BBBBBB
BBBBB BBBBBBBBBBXXXXX XXXXXXXXXXXXXXXX XXXXXXBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBXXBBBBBBBB
BBBBB BBBBB gettext(u'We could not receive your enquiry right now') BBBBBBBB
BBBBB BBBBBBBBBBBXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX gettext(u'Ask us a question') XXXXXXXXXXXXBBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'We could not receive your enquiry right now') XXXXX
BB BBBBBB BB BBBBBBBBBBBB
  XXX gettext(u'Many enquiries have been sent from your network in the last hour, so we stop new ones for a while to protect the service against misuse. Please try again in an hour.') XXXX
  XXX gettext(u'If it is urgent, e-mail us or call 21 80 21 80 (weekdays 09–15).')  XX XXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX
  BB BBBBBBBBBBBB
  XXXX XXXXXXXXXXXXXXXXXXXXXXXXX
    XXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXX gettext(u'What you wrote (copy it, so it is not lost)') XXXXXXXX
    XXXXXXXXX XXXXXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXXXXXXX XXXXXXXX XXXXXXXXXXXXXXXXXXXX
  XXXXXX
  BBBBB
BBBB
  XXX gettext(u'The form was filled in in a way that looks automatic, so we did not receive it. If you are a person, go back and send the form again, or e-mail us.')  XX XXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXX
BBBBB
XXXXX XXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Back to the form') XXXXXXXX
BBBBBBBB
