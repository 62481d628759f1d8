BBBB BBBB gettext(u'Answer to your enquiry %(reference)s') SSSSSS SS SSSS SSSSSSS SSSSSSSSSSSSS
