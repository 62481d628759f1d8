BBBB BBBBBBBBBBBBBB BBB

XXX
 gettext(u'Reference: %(reference)s.') SSSSSSSSSS SSSSSSSSSSSSSS  gettext(u'Read the case and write back here:') 


 gettext(u'Frivilligkontoret, Oslo kommune') 
BBBBBBBBBBBBB
