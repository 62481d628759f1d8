BBBB BBBB gettext(u'We have received your enquiry (%(reference)s)') SS SSSS SSSSSSSS SSSS SSSSSSS SSSSSSSSSSSSSSS
