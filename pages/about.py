"""Om data: what the numbers are, how they are computed, and where they come from."""

import streamlit as st

from metrics.labels import MEASURE_LABELS
from pages.ui.data import app_data
from pages.ui.widgets import provenance_facts, source_text

app = app_data()

st.title("Om data")

st.markdown(
    """
### Vad är en helårsekvivalent?
En **helårsekvivalent (HE)** är antalet personer som skulle kunna försörjas ett helt år
med full ersättning av de pengar som betalats ut. Två personer som har varit
heltidsarbetslösa ett halvår var blir tillsammans en helårsekvivalent. Genom att räkna
om alla ersättningar till helårsekvivalenter går de olika systemen att jämföra och
lägga ihop.

**Andelen** är antalet helårsekvivalenter delat med folkmängden 20–64 år i samma
område (och samma kön eller åldersgrupp), i procent. En andel på 15 % betyder att
ersättningarna tillsammans skulle kunna försörja 15 % av invånarna i arbetsför ålder.

### Hur SCB räknar för varje ersättningssystem
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
"""
)
st.markdown(
    """
### Hur appen räknar
- **Årsvärde**: medelvärdet av årets månader, både för helårsekvivalenterna och för
  folkmängden. Ett år med färre än tolv månader i data markeras som ofullständigt.
- **Län, riket och samordningsförbund** räknas från kommunerna: summan av
  kommunernas helårsekvivalenter delat med summan av deras folkmängd – aldrig ett
  medelvärde av kommunernas andelar. Riket räknas alltså om från de 290 kommunerna.
- **Summa** är summan av de sex ersättningssystemen.

### SCB:s fotnoter som påverkar tolkningen
- Statistiken är **inte officiell statistik**.
- När en kommun inte har rapporterat ekonomiskt bistånd för en månad visar SCB **0**
  (bortfall), inte ett uppskattat värde. Sådana månader markeras i appen.
- Det **senaste året är preliminärt** och kan ändras.
- Folkmängden avser den sista dagen i varje månad. Från referensåret 2025 lägger SCB in
  ett litet slumpmässigt brus i folkmängden för att skydda enskilda (CKM), så delar
  summerar inte alltid exakt till totalen.
- Det finns ingen uppdelning på kön och ålder samtidigt: SCB redovisar kön för
  20–64 år och åldersgrupper för båda könen tillsammans.

### Den här datamängden
"""
)
st.markdown(source_text(app))
st.table(provenance_facts(app))
