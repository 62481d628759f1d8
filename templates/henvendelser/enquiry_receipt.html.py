BBBBBBB BBBBBBBBBBBBBBB BBBB BBBBBB
BBBBB BBBBBBBBBBXXXXX XXXXXXXXXXXXXXXX XXXXXXBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBXXBBBBBBBB
BBBBB BBBBB gettext(u'We have received your enquiry') BBBBBBBB
BBBBB BBBBBBBBBBBXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXX gettext(u'Receipt') XXXXXXXXXXXXBBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXXXXXXXX XXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXXX
  XXXX XXXXXXXXXXXXXXXXXXXXXXXX
    XXXX gettext(u'We have received your enquiry') XXXXX
    XXX gettext(u'Your reference number is')  XXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  XXXXXX
XXXXXX
XXXX gettext(u'What happens now') XXXXX
XXXX
  XXXX gettext(u'We have sent a receipt to your e-mail address, with a link to your case.') XXXXX
  XXXX gettext(u'A case officer reads your enquiry. You get an answer by e-mail by %(due)s at the latest.') S SSSS SSSSSSS SSSSS SSSS SSSSSSSS SSS SSS SS SSSSSS SS SSSSSS SS SSSSSSS SS SSS SSSSSSSXXXXX
  XXXX gettext(u'Through the link you can follow the case, read our answer and write back.') XXXXX
XXXXX
XXX gettext(u'Did the e-mail not come? Look in the spam folder, or call us on 21 80 21 80 and give your reference number.') XXXX
XXXXX XXXXXXXXXXXXXXXX XXXXXXXX gettext(u'Go to your case') XXXXXXXX
XXXXX XXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Read more guidance') XXXXXXXX
BBBBBBBB
