BBBB BBBBBBBBBBBBBB BBB gettext(u'Hello %(name)s,') SSSSS SSSSSSSSS

 gettext(u'Thank you for your enquiry to Frivilligkontoret. Your reference number is %(reference)s. You get an answer by %(due)s at the latest.') SSSSS SSS SSS SSSS SSSSSSS SS SSSSSSSSSSSSSSSSSS SSSS SSSSSSSSS SSSSSS SS SSSSSSSSSSSSSS SSS SSS SS SSSSSS SS SSSSSSS SS SSS SSSSSSS

 gettext(u'Follow your case, read our answer and write back here (keep this link to yourself):') 


 gettext(u'You wrote:') 


 gettext(u'Best regards') 
 gettext(u'Frivilligkontoret, Oslo kommune') 
BBBBBBBBBBBBB
