"""Om data: what the numbers are, how they are computed, and where they come from."""

import streamlit as st

from app_pages.ui.data import app_data
from app_pages.ui.state import escape_markdown
from app_pages.ui.widgets import provenance_facts, source_text
from charts.theme import FEW_HE_MARK, PARTIAL_MARK, UNREPORTED_MARK
from metrics.flags import FEW_HE
from metrics.labels import MEASURE_LABELS, QUARTILE_LABELS
from metrics.ranking import HIGH, LOW, MID
from metrics.swedish import format_number

# Om data's account of metrics.chance, in plain Swedish. (A comment, not a docstring:
# Streamlit shows every bare string of a page script on the page.)
CHANCE_TEXT = """
### Verklig skillnad eller slump?
I en liten kommun räcker det att några få personer får ersättning för att andelen ska
ändras. Norsjö har ungefär 2 400 invånare 20–64 år; där flyttar slumpen andelen med
tiondelar av en procentenhet. Därför säger appen bara att ett område har en *högre* eller
*lägre* andel än länet eller riket när skillnaden är större än slumpen rimligen ger.

- **Gränserna.** Även ett område som egentligen är precis som jämförelsen skulle få en
  andel som varierar lite av en slump, och mer ju färre invånare det har. Runt
  jämförelsens andel p0 räknar appen ut gränserna p0 ± z · √(p0 · (1 − p0) / n), där n
  är områdets (eller gruppens) folkmängd. Med z = 1,96 hamnar en andel utanför av ren
  slump bara i 5 fall av 100 (**95 %-gränser**); med z = 3,09 i 2 fall av 1 000
  (**99,8 %-gränser**).
- **Meningarna.** Översikt, rapportens texter och Målgrupper skriver "högre än i länet"
  eller "lägre än i riket" bara när andelen ligger utanför 95 %-gränserna. Annars står
  det "ungefär som i länet".
- **Målgrupper.** En grupp räknas som ett behov bara när dess andel ligger över
  95 %-gränsen för gruppens storlek. Behoven ordnas efter hur många helårsekvivalenter
  fler gruppen har. Finns inget sådant behov står det "Ingen grupp har en tydligt högre
  andel än …", och skillnader som slumpen kan förklara kallas "inom slumpens marginal".
- **Trattdiagrammet** på sidan Länet visar alla kommuner mot rikets andel. Kommunerna
  skiljer sig mer från varandra än slumpen förklarar – arbetsmarknad, ålder och
  befolkning är olika – så med enbart slumpens gränser skulle många kommuner hamna
  utanför utan att något ovanligt pågår. Appen vidgar då gränserna med spridningen
  mellan kommunerna, enligt Spiegelhalters metod (*Statistics in Medicine* 2005 och
  *Quality and Safety in Health Care* 2005):
  1. varje kommuns avstånd från riket i slumpens mått: z = (p − p0) / √(p0 · (1 − p0) / n);
  2. de 10 % lägsta z-värdena sätts till den 10:e percentilen och de 10 % högsta till
     den 90:e, så att några få extrema kommuner inte styr;
  3. φ är medelvärdet av de kvadrerade z-värdena; är N · φ större än N − 1 (N = antalet
     kommuner) varierar kommunerna mer än slumpen ger;
  4. då räknas den extra spridningen ut: τ² = (N · φ − (N − 1)) / (Σw − Σw² / Σw), där
     w = n / (p0 · (1 − p0)) för varje kommun, och gränserna blir
     p0 ± z · √(p0 · (1 − p0) / n + τ²).

  En kommun utanför de yttre (99,8 %) linjerna skiljer sig alltså mer än både slumpen
  och den vanliga skillnaden mellan kommuner förklarar. Trattdiagrammets tabell anger
  vilka gränser som använts (*binomial*: bara slumpen; *overdispersed*: vidgade).
- **En förenkling.** Helårsekvivalenter är inte personer räknade en och en, så gränserna
  är en uppskattning. De säger hur stor en skillnad behöver vara för att slumpen inte ska
  vara en rimlig förklaring – inte varför skillnaden finns.
"""

app = app_data()

st.title("Om data")

st.markdown(
    """
## Vad är en helårsekvivalent?
En **helårsekvivalent (HE)** är antalet personer som skulle kunna försörjas ett helt år
med full ersättning av de pengar som betalats ut. Två personer som har varit
heltidsarbetslösa ett halvår var blir tillsammans en helårsekvivalent. Genom att räkna
om alla ersättningar till helårsekvivalenter går de olika systemen att jämföra och
lägga ihop.

**Andelen** är antalet helårsekvivalenter delat med folkmängden 20–64 år i samma
område (och samma kön eller åldersgrupp), i procent. En andel på 15 % betyder att
ersättningarna tillsammans skulle kunna försörja 15 % av invånarna i arbetsför ålder.

## Hur SCB räknar för varje ersättningssystem
"""
)
st.markdown(
    f"""
- **{MEASURE_LABELS["sjukpenning"]}** och **{MEASURE_LABELS["sjuk_och_aktivitetsersattning"]}**:
  antalet ersättningsdagar från Försäkringskassan (deltidsdagar omräknade till hela dagar)
  delat med 365. Sjuklöneperioden (dag 1–14) ingår inte för anställda.
- **{MEASURE_LABELS["arbetsloshetsersattning"]}**: dagar med ersättning från
  arbetslöshetskassa (uppgifter från IAF) delat med 260, eftersom det motsvarar en hel
  frånvaro från arbetsmarknaden ett år.
- **{MEASURE_LABELS["arbetsmarknadsatgarder"]}**: antalet deltagare i
  arbetsmarknadspolitiska program sista dagen i varje månad (Arbetsförmedlingen); de flesta
  deltar på heltid, så en deltagare räknas som en helårsekvivalent.
- **{MEASURE_LABELS["ekonomiskt_bistand"]}**: utbetalt bistånd per hushåll delat med en
  årsnorm för hushållstypen, gånger antalet vuxna i hushållet (Socialstyrelsen).
- **{MEASURE_LABELS["etableringsersattning"]}**: uppgifter från Försäkringskassan om vilka
  nyanlända som har ersättningen varje månad, omräknade efter ersättningens omfattning.
- **{MEASURE_LABELS["summa"]}** är summan av de sex systemen.
"""
)
st.markdown(
    """
## Hur appen räknar
- **Årsvärde**: medelvärdet av årets månader, både för helårsekvivalenterna och för
  folkmängden. Ett år med färre än tolv månader i data markeras som ofullständigt.
- **Rullande 12 månader**: vid varje månad medelvärdet av de tolv senaste månaderna.
  Det jämnar ut säsongsvariationer och visar utvecklingen tidigare än årsvärdena.
- **Län, riket och samordningsförbund** räknas från kommunerna: summan av
  kommunernas helårsekvivalenter delat med summan av deras folkmängd – aldrig ett
  medelvärde av kommunernas andelar. Riket räknas alltså om från de 290 kommunerna.
- **Summa** är summan av de system som har ett värde. Saknas ett system för en period
  blir summan för låg; sådana värden markeras (se tecknen nedan). I ett årsvärde räknas
  ett system som saknas någon månad som medelvärdet av de övriga månaderna, så årets
  summa blir inte för låg.

## Två olika siffror för länet
- **Länets andel** är länets helårsekvivalenter delat med länets folkmängd, som för
  kommunerna. Den visas på Översikt och Jämför. En stor kommun väger tyngre än en liten,
  precis som i verkligheten.
- **Medelvärdet för länets kommuner** är det vanliga medelvärdet av kommunernas andelar,
  där varje kommun väger lika mycket. Det är den streckade linjen i diagrammen på
  Översikt och Ersättningssystem, som i Statisticons rapport.

De två siffrorna skiljer sig när de stora kommunerna har en annan nivå än de små: i ett
län där den största staden har låg andel är medelvärdet för kommunerna högre än länets
andel.
"""
)
st.markdown(CHANCE_TEXT)
st.markdown(
    f"""
## Färgerna och symbolerna: var området ligger bland landets kommuner
För varje år (eller månad), ersättningssystem, kön och åldersgrupp ordnas landets
kommuner efter sin andel. Gränserna är den 25:e och den 75:e percentilen (med linjär
interpolation mellan de närmaste kommunerna).

- **▲ {QUARTILE_LABELS[HIGH]}** (röd): andelen är lika med eller högre än den övre gränsen.
- **● {QUARTILE_LABELS[MID]}** (gul): andelen ligger mellan gränserna.
- **▼ {QUARTILE_LABELS[LOW]}** (grön): andelen är lika med eller lägre än den undre gränsen.

Symbolen står alltid bredvid färgen, så placeringen går att läsa utan att se färger.

- **Lika värden:** är gränserna lika (till exempel när många kommuner har 0 %
  etableringsersättning) räknas en kommun med just det värdet till de lägsta 25 %.
- **Saknat värde:** en andel som saknas får ingen klass och ingen färg.
- **Kvinnor och män** jämförs var för sig: kvinnor med kvinnor i landets kommuner, män
  med män. Varje åldersgrupp jämförs med samma åldersgrupp.
- **Län, riket och samordningsförbund** placeras mot samma gränser som kommunerna; de
  rangordnas inte sinsemellan.
- **Det grå fältet** i diagrammen går från den kommun som har lägst andel till den som
  har högst, samma år.
"""
)
st.markdown(
    f"""
## SCB:s fotnoter och vad appen gör med dem
- Statistiken är **inte officiell statistik**.
- När en kommun inte har rapporterat ekonomiskt bistånd för en månad visar SCB:s
  databas **0** (bortfall), medan SCB:s publicerade tabeller för det senast kända värdet
  vidare. Appen gör som SCB:s tabeller: en sådan nolla, mitt i en serie med rapporterade
  månader, ersätts med kommunens **senast rapporterade värde** (för varje kön och
  åldersgrupp) och märks som **uppskattad**. Länet, förbunden och riket räknas med samma
  uppskattning, så att summorna hänger ihop. Datafilen behåller SCB:s nolla. En nolla i
  början eller slutet av en serie går inte att skilja från en verklig nolla och räknas
  som 0.
- Det **senaste året är preliminärt** och kan ändras. I den här datamängden gäller det
  {app.preliminary_year}.
- Folkmängden avser den sista dagen i varje månad. Från referensåret 2025 lägger SCB in
  ett litet slumpmässigt brus i folkmängden för att skydda enskilda (CKM), så delar
  summerar inte alltid exakt till totalen.
- Det finns ingen uppdelning på kön och ålder samtidigt: SCB redovisar kön för
  20–64 år och åldersgrupper för båda könen tillsammans.

## Tecknen i diagram och tabeller
- **{escape_markdown(PARTIAL_MARK)}** Ofullständig period: färre än tolv månader i data
  (öppen symbol i diagrammen). Värdet är medelvärdet av de månader som finns.
- **{escape_markdown(UNREPORTED_MARK)}** Uppskattat: ekonomiskt bistånd saknas för någon
  månad (SCB visar 0); där används kommunens senast rapporterade värde.
- **{escape_markdown(FEW_HE_MARK)}** Färre än {format_number(FEW_HE)} helårsekvivalenter:
  andelen är osäker och kan ändras mycket från ett år till nästa.
- **–** eller ett glapp i linjen: uppgift saknas.

I tabeller och nedladdade filer står samma sak i ord i kolumnen *Anmärkning*.

## Den här datamängden
"""
)
st.markdown(source_text(app))
st.table(provenance_facts(app))
