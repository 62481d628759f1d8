"""Demo data: guidance articles in plain Norwegian (with English), standard answers, and
cases in every status with threads. Idempotent."""

from datetime import timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from frivilligkontor.models import Unit, User
from frivilligkontor.workdays import add_working_days
from henvendelser.models import (
    Enquiry,
    EnquiryMessage,
    GuidanceArticle,
    StandardAnswer,
    Topic,
)
from henvendelser.services import next_reference

# slug, topic, (title nb, summary nb, body nb), (title en, summary en, body en)
ARTICLES = [
    (
        "starte-en-frivillig-organisasjon",
        Topic.STARTING,
        (
            "Slik starter du en frivillig organisasjon",
            "Dere trenger et styre, vedtekter og et årsmøte. Her er stegene.",
            "En frivillig organisasjon er en gruppe mennesker som gjør noe sammen uten å tjene penger på det. Dere bestemmer selv hvor stor og formell organisasjonen skal være.\n\n"
            "1. Samle noen som vil være med. Dere trenger minst tre personer for å lage et styre.\n"
            "2. Skriv vedtekter. Vedtektene sier hva organisasjonen skal gjøre, hvem som kan bli medlem, og hvordan dere tar beslutninger.\n"
            "3. Hold et stiftelsesmøte. Der vedtar dere vedtektene og velger styre.\n"
            "4. Registrer organisasjonen i Enhetsregisteret. Da får dere et organisasjonsnummer.\n\n"
            "Frivilligkontoret kan lese gjennom vedtektene deres og svare på spørsmål underveis. Ta kontakt med oss.",
        ),
        (
            "How to start a voluntary organisation",
            "You need a board, articles of association and an annual meeting. Here are the steps.",
            "A voluntary organisation is a group of people who do something together without making money from it. You decide yourselves how large and formal it should be.\n\n"
            "1. Gather a few people who want to take part. You need at least three to form a board.\n"
            "2. Write articles of association. They say what the organisation does, who can be a member and how you make decisions.\n"
            "3. Hold a founding meeting, where you adopt the articles and elect a board.\n"
            "4. Register the organisation in the Central Coordinating Register for Legal Entities to get an organisation number.\n\n"
            "Frivilligkontoret can read through your articles and answer questions on the way. Get in touch.",
        ),
    ),
    (
        "vedtekter-mal",
        Topic.STARTING,
        (
            "Hva skal stå i vedtektene?",
            "Vedtektene er organisasjonens regler. Dette må være med.",
            "Vedtektene er reglene organisasjonen følger. De bør være korte og lette å forstå.\n\n"
            "Ta med: navnet på organisasjonen, formålet (hva dere skal gjøre), hvem som kan bli medlem, når årsmøtet holdes og hva det skal behandle, hvordan styret velges, hvordan vedtektene kan endres, og hva som skjer med pengene hvis organisasjonen legges ned.\n\n"
            "Mange paraplyorganisasjoner har maler dere kan bruke. Frivilligkontoret hjelper gjerne med å tilpasse en mal.",
        ),
        (
            "What should the articles of association say?",
            "The articles are the organisation's rules. This must be in them.",
            "The articles of association are the rules your organisation follows. Keep them short and easy to understand.\n\n"
            "Include: the name, the purpose, who can be a member, when the annual meeting is held and what it decides, how the board is elected, how the articles can be changed, and what happens to the money if the organisation is wound up.\n\n"
            "Many umbrella organisations have templates. Frivilligkontoret is glad to help you adapt one.",
        ),
    ),
    (
        "frivillighetsregisteret",
        Topic.STARTING,
        (
            "Registrering i Frivillighetsregisteret",
            "Registreringen gir tilgang til momskompensasjon og Grasrotandelen.",
            "Frivillighetsregisteret ligger i Brønnøysundregistrene. For å bli registrert må organisasjonen først ha et organisasjonsnummer fra Enhetsregisteret.\n\n"
            "Når dere er registrert, kan dere søke om momskompensasjon og bli med i Grasrotandelen. Mange tilskuddsordninger i Oslo kommune krever også at dere er registrert.\n\n"
            "Registreringen gjøres digitalt på Altinn. Det koster ingenting for frivillige organisasjoner. Styreleder eller en annen som har rett til å signere, må sende inn.",
        ),
        (
            "Registering in the Register of Non-Profit Organisations",
            "Registration gives access to VAT compensation and the Grassroots Share.",
            "The Register of Non-Profit Organisations (Frivillighetsregisteret) is run by the Brønnøysund Register Centre. To register, the organisation first needs an organisation number.\n\n"
            "Once registered, you can apply for VAT compensation and join the Grassroots Share. Many grant schemes in Oslo also require registration.\n\n"
            "Registration is done online through Altinn and is free for voluntary organisations. The chair or another person with signing authority must submit it.",
        ),
    ),
    (
        "finne-tilskudd",
        Topic.GRANTS,
        (
            "Slik finner dere riktig tilskudd",
            "Kommunen, bydelene og staten har mange tilskuddsordninger. Slik finner dere dem.",
            "Oslo kommune gir tilskudd gjennom etater, som Kulturetaten, og gjennom de 15 bydelene. Bydelene har ofte egne ordninger for aktiviteter i nærmiljøet.\n\n"
            "Se oversikten over tilskuddsordninger på denne portalen. Der står fristene, og dere kan få en påminnelse før fristen går ut.\n\n"
            "Tips: Søk tidlig, skriv kort og konkret hva pengene skal brukes til, og legg ved et enkelt budsjett. Spør oss hvis dere er usikre på hvilken ordning som passer.",
        ),
        (
            "How to find the right grant",
            "The municipality, the districts and the state have many grant schemes. Here is how to find them.",
            "Oslo kommune gives grants through its agencies, such as Kulturetaten, and through the 15 districts. The districts often have their own schemes for local activities.\n\n"
            "See the list of grant schemes on this portal. It shows the deadlines, and you can get a reminder before a deadline.\n\n"
            "Tip: apply early, write briefly and concretely what the money is for, and attach a simple budget. Ask us if you are unsure which scheme fits.",
        ),
    ),
    (
        "skrive-god-soknad",
        Topic.GRANTS,
        (
            "Slik skriver dere en god søknad",
            "Vis hva dere vil gjøre, for hvem og hva det koster.",
            "En god søknad svarer på tre spørsmål: Hva vil dere gjøre? Hvem er det for? Hva koster det?\n\n"
            "Skriv med enkle ord. Den som leser, kjenner ikke organisasjonen deres. Fortell hvor mange som skal delta, når og hvor aktiviteten skjer, og hvordan dere når dem som deltar lite i dag.\n\n"
            "Budsjettet skal vise alle utgifter og andre inntekter, for eksempel egenandeler eller andre tilskudd. Husk at dere må rapportere etterpå om hvordan pengene ble brukt.",
        ),
        (
            "How to write a good application",
            "Show what you will do, for whom, and what it costs.",
            "A good application answers three questions: What will you do? Who is it for? What does it cost?\n\n"
            "Use plain words. The reader does not know your organisation. Say how many will take part, when and where the activity happens, and how you reach people who take part little today.\n\n"
            "The budget should show all costs and other income, such as fees or other grants. Remember that you must report afterwards on how the money was used.",
        ),
    ),
    (
        "momskompensasjon",
        Topic.GRANTS,
        (
            "Momskompensasjon for frivillige organisasjoner",
            "Organisasjoner kan få tilbake noe av momsen de har betalt.",
            "Staten gir frivillige organisasjoner kompensasjon for merverdiavgift (moms) de har betalt. Ordningen forvaltes av Lotteri- og stiftelsestilsynet.\n\n"
            "For å søke må organisasjonen være registrert i Frivillighetsregisteret og ha et regnskap som er godkjent av årsmøtet. Fristen er vanligvis 1. september.\n\n"
            "Den enkleste modellen bruker totale driftskostnader i regnskapet. Dere trenger ikke samle alle kvitteringer.",
        ),
        (
            "VAT compensation for voluntary organisations",
            "Organisations can get back some of the VAT they have paid.",
            "The state compensates voluntary organisations for value added tax (VAT) they have paid. The scheme is run by the Norwegian Gaming and Foundation Authority.\n\n"
            "To apply, the organisation must be in the Register of Non-Profit Organisations and have accounts approved by the annual meeting. The deadline is usually 1 September.\n\n"
            "The simplest model uses total operating costs from the accounts. You do not need to collect every receipt.",
        ),
    ),
    (
        "lane-skolelokaler",
        Topic.PREMISES,
        (
            "Lån av skolelokaler etter skoletid",
            "Mange skoler lånes ut gratis på ettermiddag og kveld. Slik gjør dere.",
            "Gjennom meråpen skole kan frivillige organisasjoner låne gymsaler, klasserom og aulaer på kveldstid og i helger. Lån til aktiviteter for barn og unge er som regel gratis.\n\n"
            "Finn et ledig lokale under Lokaler på denne portalen og send en forespørsel. Skolen eller bydelen svarer deg, vanligvis innen en uke.\n\n"
            "Dere må ha en ansvarlig voksen til stede, rydde etter dere og følge skolens regler for nøkler og alarm.",
        ),
        (
            "Borrowing school premises after school hours",
            "Many schools lend rooms for free in the afternoon and evening. Here is how.",
            "Through the open school scheme (meråpen skole), voluntary organisations can borrow gyms, classrooms and halls in the evenings and at weekends. Activities for children and young people usually borrow for free.\n\n"
            "Find a free room under Venues on this portal and send a request. The school or district answers, usually within a week.\n\n"
            "A responsible adult must be present, you must tidy up after you, and follow the school's rules on keys and alarms.",
        ),
    ),
    (
        "lokaler-i-bydelen",
        Topic.PREMISES,
        (
            "Møterom og lokaler i bydelen",
            "Bydelshus, fritidsklubber og biblioteker har rom dere kan bruke.",
            "I tillegg til skoler har bydelene egne lokaler: bydelshus, frivilligsentraler, fritidsklubber og seniorsentre. Deichman-bibliotekene har møterom som kan lånes gratis.\n\n"
            "Noen lokaler er gratis for frivillige, andre har en lav leie. Se hva som gjelder på siden til hvert lokale.\n\n"
            "Trenger dere et fast sted hver uke, si det i forespørselen. Faste avtaler gjøres ofte for et halvår om gangen.",
        ),
        (
            "Meeting rooms and premises in your district",
            "District houses, youth clubs and libraries have rooms you can use.",
            "Besides schools, the districts have their own premises: district houses, volunteer centres, youth clubs and senior centres. The Deichman libraries have meeting rooms you can borrow for free.\n\n"
            "Some premises are free for volunteers, others have a low rent. See what applies on each venue's page.\n\n"
            "If you need a regular place every week, say so in the request. Regular bookings are often made for half a year at a time.",
        ),
    ),
    (
        "rekruttere-frivillige",
        Topic.VOLUNTEERS,
        (
            "Slik rekrutterer dere frivillige",
            "Spør direkte, vær konkret og gjør det lett å prøve.",
            "De fleste blir frivillige fordi noen spurte dem. Spør folk direkte, og fortell konkret hva de skal gjøre og hvor mye tid det tar.\n\n"
            "Lag korte oppdrag som er lette å prøve, for eksempel én kveld. Mange vil heller hjelpe litt av og til enn å sitte i et styre.\n\n"
            "Legg ut oppdrag på frivillig.no, og kom på Frivilligkontorets rekrutteringsmesser. Se arrangementer under Nettverk.",
        ),
        (
            "How to recruit volunteers",
            "Ask directly, be concrete and make it easy to try.",
            "Most people become volunteers because someone asked them. Ask people directly, and tell them concretely what they will do and how much time it takes.\n\n"
            "Offer short tasks that are easy to try, such as one evening. Many prefer to help now and then rather than sit on a board.\n\n"
            "Post tasks on frivillig.no, and come to Frivilligkontoret's recruitment fairs. See events under Network.",
        ),
    ),
    (
        "politiattest-frivillige",
        Topic.VOLUNTEERS,
        (
            "Politiattest for frivillige",
            "Arbeider dere med barn eller personer med utviklingshemming, må frivillige ofte vise politiattest.",
            "Organisasjoner som har aktiviteter for barn og unge under 18 år, eller for personer med utviklingshemming, bør kreve politiattest av frivillige som har en tillits- eller ansvarsrolle.\n\n"
            "Organisasjonen skriver en bekreftelse på at attesten trengs. Den frivillige søker selv på politiet.no. Det er gratis.\n\n"
            "Utnevn én person i styret som ser attestene. Attesten skal ikke kopieres eller lagres.",
        ),
        (
            "Police certificates for volunteers",
            "If you work with children or people with learning disabilities, volunteers often need a police certificate.",
            "Organisations with activities for children under 18, or for people with learning disabilities, should require a police certificate from volunteers in positions of trust or responsibility.\n\n"
            "The organisation writes a confirmation that the certificate is needed. The volunteer applies at politiet.no. It is free.\n\n"
            "Name one board member who checks the certificates. The certificate must not be copied or stored.",
        ),
    ),
    (
        "samarbeid-med-bydelen",
        Topic.COOPERATION,
        (
            "Samarbeid med bydelen",
            "Bydelene vil gjerne samarbeide med frivillige. Slik kommer dere i kontakt.",
            "Hver bydel har en frivillighetskoordinator eller en frivilligsentral. De kjenner nærmiljøet og kan sette dere i kontakt med skoler, helsestasjoner og andre tjenester.\n\n"
            "Mange bydeler har en egen frivillighetsstrategi. Bydel Alna har for eksempel mål om flere møteplasser og bedre informasjon til nye initiativ.\n\n"
            "Fortell oss hva dere vil få til, så finner vi riktig person i bydelen.",
        ),
        (
            "Working with your district",
            "The districts want to work with volunteers. Here is how to get in touch.",
            "Every district has a volunteer coordinator or a volunteer centre. They know the neighbourhood and can put you in touch with schools, health centres and other services.\n\n"
            "Many districts have their own volunteering strategy. Bydel Alna, for example, aims for more meeting places and better information for new initiatives.\n\n"
            "Tell us what you want to achieve, and we find the right person in the district.",
        ),
    ),
    (
        "nye-initiativ",
        Topic.COOPERATION,
        (
            "Nytt initiativ? Slik kan vi hjelpe",
            "Dere trenger ikke være en organisasjon for å få hjelp fra Frivilligkontoret.",
            "Mange gode tiltak starter med noen naboer, en foreldregruppe eller en vennegjeng. Dere trenger ikke vedtekter eller organisasjonsnummer for å spørre oss om råd.\n\n"
            "Vi kan hjelpe dere å finne et sted å være, små tilskudd som ikke krever organisasjonsnummer, og andre som gjør noe lignende.\n\n"
            "Når dere er klare, hjelper vi dere også med å starte en organisasjon.",
        ),
        (
            "A new initiative? How we can help",
            "You do not have to be an organisation to get help from Frivilligkontoret.",
            "Many good projects start with a few neighbours, a parents' group or a group of friends. You do not need articles of association or an organisation number to ask us for advice.\n\n"
            "We can help you find a place to meet, small grants that do not require an organisation number, and others doing something similar.\n\n"
            "When you are ready, we also help you start an organisation.",
        ),
    ),
    (
        "forsikring-for-frivillige",
        Topic.OTHER,
        (
            "Forsikring for frivillige",
            "Sjekk om organisasjonen trenger ulykkes- eller ansvarsforsikring.",
            "Frivillige er ikke automatisk forsikret når de gjør oppdrag for organisasjonen. Mange paraplyorganisasjoner har gode kollektive avtaler for medlemmene.\n\n"
            "Vurder ulykkesforsikring for frivillige og ansvarsforsikring hvis dere arrangerer aktiviteter for andre. Låner dere lokaler, spør om hva lokalets forsikring dekker.",
        ),
        (
            "Insurance for volunteers",
            "Check whether your organisation needs accident or liability insurance.",
            "Volunteers are not automatically insured when they do tasks for the organisation. Many umbrella organisations have good group agreements for their members.\n\n"
            "Consider accident insurance for volunteers and liability insurance if you arrange activities for others. If you borrow premises, ask what the venue's insurance covers.",
        ),
    ),
    (
        "arsmote-og-regnskap",
        Topic.STARTING,
        (
            "Årsmøte og regnskap",
            "Årsmøtet er organisasjonens viktigste møte. Slik gjennomfører dere det.",
            "Årsmøtet holdes én gang i året. Der godkjenner medlemmene årsberetning og regnskap, vedtar budsjett og velger nytt styre.\n\n"
            "Send innkalling i god tid, som vedtektene sier. Skriv protokoll fra møtet, og send endringer i styret til Brønnøysundregistrene.\n\n"
            "Regnskapet kan være enkelt: en oversikt over inntekter og utgifter med bilag. Mange bruker gratis regnskapsprogram for lag og foreninger.",
        ),
        (
            "Annual meeting and accounts",
            "The annual meeting is the organisation's most important meeting. Here is how to hold it.",
            "The annual meeting is held once a year. The members approve the annual report and accounts, adopt a budget and elect a new board.\n\n"
            "Send the notice in good time, as the articles say. Write minutes, and report board changes to the Brønnøysund Register Centre.\n\n"
            "The accounts can be simple: an overview of income and costs with receipts. Many use free accounting software for clubs and associations.",
        ),
    ),
]

STANDARD_ANSWERS = [
    (
        "Takk – vi ser på saken",
        "",
        "Hei {name},\n\nTakk for henvendelsen din ({reference}). Vi ser på saken og kommer tilbake til deg så snart vi kan.\n\nVennlig hilsen\n{officer}\nFrivilligkontoret",
        "Hello {name},\n\nThank you for your enquiry ({reference}). We are looking into it and will get back to you as soon as we can.\n\nBest regards\n{officer}\nFrivilligkontoret",
    ),
    (
        "Henvisning til tilskuddsoversikten",
        Topic.GRANTS,
        "Hei {name},\n\nTakk for spørsmålet om {topic}. Du finner alle tilskuddsordningene med frister under «Tilskudd» på frivillig.oslo.kommune.no. Vi anbefaler å søke tidlig og legge ved et enkelt budsjett.\n\nSi fra hvis du vil at vi leser gjennom søknaden før du sender den.\n\nVennlig hilsen\n{officer}\nFrivilligkontoret (sak {reference})",
        "Hello {name},\n\nThank you for your question about {topic}. You find every grant scheme with its deadlines under “Grants” on the portal. We recommend applying early and attaching a simple budget.\n\nLet us know if you would like us to read your application before you send it.\n\nBest regards\n{officer}\nFrivilligkontoret (case {reference})",
    ),
    (
        "Lån av skolelokaler",
        Topic.PREMISES,
        "Hei {name},\n\nSkoler lånes ut gratis til aktiviteter for barn og unge etter skoletid. Finn et ledig rom under «Lokaler» og send en forespørsel direkte derfra. Skolen svarer vanligvis innen en uke.\n\nVennlig hilsen\n{officer}\nFrivilligkontoret (sak {reference})",
        "Hello {name},\n\nSchools lend rooms for free to activities for children and young people after school hours. Find a free room under “Venues” and send a request from there. The school usually answers within a week.\n\nBest regards\n{officer}\nFrivilligkontoret (case {reference})",
    ),
    (
        "Vi trenger mer informasjon",
        "",
        "Hei {name},\n\nFor å hjelpe deg med sak {reference} trenger vi litt mer informasjon: Hvor i byen holder dere til, og omtrent hvor mange er med? Svar gjerne via lenken i e-posten.\n\nVennlig hilsen\n{officer}\nFrivilligkontoret",
        "Hello {name},\n\nTo help you with case {reference} we need a little more information: where in the city are you based, and roughly how many take part? Please answer through the link in the e-mail.\n\nBest regards\n{officer}\nFrivilligkontoret",
    ),
]

# status, topic, district, organisation, new initiative, name, e-mail, language, message, days ago,
# thread [(kind, text)]
CASES = [
    (
        "new",
        Topic.GRANTS,
        "Alna",
        "Furuset Leksehjelp",
        False,
        "Amina Hassan",
        "amina.hassan@eksempel.no",
        "nb",
        "Hei! Vi driver gratis leksehjelp for barn på Furuset to kvelder i uka. Finnes det tilskudd vi kan søke for å kjøpe inn bøker og mat til barna?",
        0,
        [],
    ),
    (
        "new",
        Topic.PREMISES,
        "Gamle Oslo",
        "",
        True,
        "Jonas Lie Berg",
        "jonas.berg@eksempel.no",
        "nb",
        "Vi er en gruppe naboer som vil starte en strikkekafé på Tøyen. Vi er ikke en organisasjon ennå. Kan vi låne et rom gratis en kveld i uka?",
        1,
        [],
    ),
    (
        "new",
        Topic.VOLUNTEERS,
        "",
        "Oslo Sjakklubb for eldre",
        False,
        "Per Olav Dahl",
        "per.dahl@eksempel.no",
        "nb",
        "Hvordan kan vi finne flere frivillige som kan lære bort sjakk på seniorsentrene?",
        9,
        [],
    ),
    (
        "in_progress",
        Topic.STARTING,
        "Stovner",
        "",
        True,
        "Fatima Ali",
        "fatima.ali@eksempel.no",
        "nb",
        "Vi er fem mødre som vil starte en fotballgruppe for jenter på Vestli. Hva må vi gjøre for å bli en organisasjon?",
        3,
        [("note", "Ringte Fatima, avtalt møte på Stovner frivilligsentral neste uke.")],
    ),
    (
        "in_progress",
        Topic.COOPERATION,
        "Søndre Nordstrand",
        "Holmlia Beboerforening",
        False,
        "Knut Hansen",
        "knut.hansen@eksempel.no",
        "nb",
        "Vi ønsker å samarbeide med bydelen om en ryddedag i Holmlia i mai. Hvem i bydelen bør vi kontakte?",
        8,
        [],
    ),
    (
        "waiting",
        Topic.GRANTS,
        "Frogner",
        "Frogner Kammerkor",
        False,
        "Ingrid Moe",
        "ingrid.moe@eksempel.no",
        "nb",
        "Vi vil søke om tilskudd til en konsert for beboere på sykehjem. Hvilken ordning passer?",
        6,
        [
            (
                "reply",
                "Hei Ingrid,\n\nTakk for spørsmålet. Hvor mange konserter planlegger dere, og hva er budsjettet omtrent?\n\nVennlig hilsen\nIngrid Haugen\nFrivilligkontoret",
            )
        ],
    ),
    (
        "waiting",
        Topic.PREMISES,
        "Grünerløkka",
        "Syria Kultursenter",
        False,
        "Omar Khalil",
        "omar.khalil@eksempel.no",
        "en",
        "We would like to borrow a school hall for a cultural evening in June for about 150 people. Which schools are possible?",
        4,
        [
            (
                "reply",
                "Hello Omar,\n\nThank you. Which date in June are you thinking of, and do you need a kitchen?\n\nBest regards\nAli Rahimi\nFrivilligkontoret",
            )
        ],
    ),
    (
        "answered",
        Topic.STARTING,
        "Bjerke",
        "",
        True,
        "Sara Nilsen",
        "sara.nilsen@eksempel.no",
        "nb",
        "Trenger vi organisasjonsnummer for å søke om å låne en gymsal?",
        12,
        [
            (
                "reply",
                "Hei Sara,\n\nNei, nye initiativ kan låne lokaler uten organisasjonsnummer. Send forespørselen under «Lokaler», og skriv at dere er et nytt initiativ.\n\nVennlig hilsen\nIngrid Haugen\nFrivilligkontoret",
            )
        ],
    ),
    (
        "answered",
        Topic.GRANTS,
        "Alna",
        "Alna Idrettslag",
        False,
        "Tor Eriksen",
        "tor.eriksen@eksempel.no",
        "nb",
        "Når er fristen for å søke momskompensasjon?",
        20,
        [
            (
                "reply",
                "Hei Tor,\n\nFristen er vanligvis 1. september. Dere må være registrert i Frivillighetsregisteret.\n\nVennlig hilsen\nAli Rahimi\nFrivilligkontoret",
            ),
            ("from_person", "Takk! Må regnskapet være revidert?"),
            (
                "reply",
                "Nei, for de fleste lag holder det at årsmøtet har godkjent regnskapet.\n\nVennlig hilsen\nAli Rahimi",
            ),
        ],
    ),
    (
        "closed",
        Topic.OTHER,
        "Nordre Aker",
        "Nordberg Velforening",
        False,
        "Hilde Strand",
        "hilde.strand@eksempel.no",
        "nb",
        "Trenger vi forsikring når vi arrangerer 17. mai-tog?",
        40,
        [
            (
                "reply",
                "Hei Hilde,\n\nDet anbefaler vi. Sjekk om dere er med i en paraplyorganisasjon som har kollektiv forsikring.\n\nVennlig hilsen\nIngrid Haugen",
            ),
            ("note", "Lukket etter svar, ingen oppfølging."),
        ],
    ),
    (
        "closed",
        Topic.VOLUNTEERS,
        "Sagene",
        "Sagene Frivilligsentral",
        False,
        "Maria Svendsen",
        "maria.svendsen@eksempel.no",
        "en",
        "Do our volunteers who visit elderly people need a police certificate?",
        35,
        [
            (
                "reply",
                "Hello Maria,\n\nUsually not for visits to adults, unless they have learning disabilities. Ask us again if you are unsure.\n\nBest regards\nIngrid Haugen",
            )
        ],
    ),
    (
        "in_progress",
        Topic.PREMISES,
        "Grorud",
        "Grorud Musikkorps",
        False,
        "Leif Andersen",
        "leif.andersen@eksempel.no",
        "nb",
        "Vi trenger et øvingslokale for korpset hver tirsdag. Har dere forslag i Groruddalen?",
        15,
        [],
    ),
]


def _articles(*, editor: User) -> int:
    today = timezone.localdate()
    for index, (slug, topic, nb, en) in enumerate(ARTICLES):
        GuidanceArticle.objects.update_or_create(
            slug=slug,
            defaults={
                "topic": topic,
                "title_nb": nb[0],
                "summary_nb": nb[1],
                "body_nb": nb[2],
                "title_en": en[0],
                "summary_en": en[1],
                "body_en": en[2],
                "responsible_editor": editor,
                "last_checked": today - timedelta(days=7 * index + 3),
                "is_published": True,
            },
        )
    return len(ARTICLES)


# Every demo case is from an address here; the figures leave them out by it.
EXAMPLE_EMAIL_DOMAIN = "@eksempel.no"


def _cases(*, officers: list[User]) -> int:
    if Enquiry.objects.filter(email__endswith=EXAMPLE_EMAIL_DOMAIN).exists():
        return 0
    now = timezone.now()
    districts = {unit.name: unit for unit in Unit.objects.districts()}
    for index, case in enumerate(CASES):
        (
            status,
            topic,
            district,
            organisation,
            new,
            name,
            email,
            language,
            message,
            days_ago,
            thread,
        ) = case
        received = now - timedelta(days=days_ago, hours=index)
        received_day = timezone.localtime(received).date()
        # The officer who signed the replies handles the case.
        signed = [officer for officer in officers if any(str(officer) in t for _, t in thread)]
        officer = None if status == "new" else (signed or [officers[index % len(officers)]])[0]
        enquiry = Enquiry.objects.create(
            reference=next_reference(year=received_day.year),
            topic=topic,
            district=districts.get(f"Bydel {district}") if district else None,
            organisation_name=organisation,
            is_new_initiative=new,
            contact_name=name,
            email=email,
            language=language,
            message=message,
            received_at=received,
            due_date=add_working_days(received_day, 5),
            assigned_officer=officer,
        )
        for position, (kind, text) in enumerate(thread):
            EnquiryMessage.objects.create(
                enquiry=enquiry,
                kind=kind,
                author=officer if kind != "from_person" else None,
                body=text,
                created_at=received + timedelta(days=1 + position, hours=2),
            )
        if status != "new":
            enquiry.change_status(Enquiry.Status.IN_PROGRESS)
            if status in {"answered", "closed"}:
                enquiry.change_status(Enquiry.Status.ANSWERED)
                enquiry.first_answered_at = received + timedelta(days=1, hours=2)
            if status == "closed":
                enquiry.change_status(Enquiry.Status.CLOSED)
            if status == "waiting":
                enquiry.change_status(Enquiry.Status.WAITING)
            enquiry.save()
    return len(CASES)


def load(*, stdout: TextIO) -> None:
    editor = (
        User.objects.filter(username="redaktor").first()
        or User.objects.filter(is_superuser=True).first()
    )
    officers = list(User.objects.filter(username__in=["saksbehandler", "saksbehandler2"]))
    if editor is None or not officers:
        stdout.write("henvendelser: no demo staff users, skipped.")
        return
    with transaction.atomic():
        articles = _articles(editor=editor)
        for title, topic, body_nb, body_en in STANDARD_ANSWERS:
            StandardAnswer.objects.update_or_create(
                title=title, defaults={"topic": topic, "body_nb": body_nb, "body_en": body_en}
            )
        cases = _cases(officers=officers)
    stdout.write(
        f"henvendelser: {articles} guidance articles, {len(STANDARD_ANSWERS)} standard answers, "
        f"{cases} new demo cases."
    )
