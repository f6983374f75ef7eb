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
- När en kommun inte har rapporterat ekonomiskt bistånd för en månad visar SCB **0**
  (bortfall), inte ett uppskattat värde. Appen räknar en sådan nolla, mitt i en serie
  med rapporterade månader, som **saknad uppgift** i stället för 0: årsvärdet blir
  medelvärdet av de rapporterade månaderna, och länet och riket räknas utan kommunen
  den månaden. En nolla i början eller slutet av en serie går inte att skilja från en
  verklig nolla och räknas som 0.
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
- **{escape_markdown(UNREPORTED_MARK)}** Ekonomiskt bistånd saknas för någon månad (SCB visar 0); de
  månaderna räknas inte med.
- **{escape_markdown(FEW_HE_MARK)}** Färre än {format_number(FEW_HE)} helårsekvivalenter:
  andelen är osäker och kan ändras mycket från ett år till nästa.
- **–** eller ett glapp i linjen: uppgift saknas.

I tabeller och nedladdade filer står samma sak i ord i kolumnen *Anmärkning*.

## Den här datamängden
"""
)
st.markdown(source_text(app))
st.table(provenance_facts(app))
