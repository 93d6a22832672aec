#!/usr/bin/env python3
"""Writes tests/data/probes.jsonl: short articles written for eventmap that probe
ambiguity (namesakes, qualifiers, metonymy, people named like places), with gold
toponyms. Coordinates and ids come from the bundled gazetteer (GeoNames facts), the
intended place picked by country code and kind. Run from the repository root after
`cargo build --release`."""
import json, subprocess
ART = [
 ("Washington warned Moscow on Friday that new sanctions were coming.", [("Washington","US","city"),("Moscow","RU","city")]),
 ("Heavy rain flooded streets in Paris, Texas, on Sunday.", [("Paris","US","city",4717560),("Texas","US","admin1")]),
 ("Tourists crowded the museums of Paris as France marked its national day.", [("Paris","FR","city"),("France","FR","country")]),
 ("The council in Springfield, Illinois, approved a new budget on Monday.", [("Springfield","US","city",4250542),("Illinois","US","admin1")]),
 ("Ferries between Victoria, British Columbia, and Seattle were cancelled because of the wind.", [("Victoria","CA","city"),("British Columbia","CA","admin1"),("Seattle","US","city")]),
 ("Protesters gathered in Athens after the Greek parliament voted on the budget.", [("Athens","GR","city")]),
 ("Students in Athens, Georgia, returned to class after the storm.", [("Athens","US","city",4180386),("Georgia","US","admin1")]),
 ("Georgia and Armenia signed a border agreement in Tbilisi.", [("Georgia","GE","country"),("Armenia","AM","country"),("Tbilisi","GE","city")]),
 ("Reading the report aloud, the minister said Chad needed more food aid.", [("Chad","TD","country")]),
 ("A ferry sank off Mobile, Alabama, early on Tuesday.", [("Mobile","US","city"),("Alabama","US","admin1")]),
 ("Aid convoys reached Mosul and Kirkuk in northern Iraq.", [("Mosul","IQ","city"),("Kirkuk","IQ","city"),("Iraq","IQ","country")]),
 ("Floods displaced thousands in Dhaka, the capital of Bangladesh.", [("Dhaka","BD","city"),("Bangladesh","BD","country")]),
 ("The Kremlin said the troops would stay in Belarus until spring.", [("Belarus","BY","country")]),
 ("Officials in Kabul said the road to Panjshir had reopened.", [("Kabul","AF","city"),("Panjshir","AF","admin1")]),
 ("Cholera cases rose in Sanaa and Aden, the health ministry of Yemen said.", [("Sanaa","YE","city"),("Aden","YE","city"),("Yemen","YE","country")]),
 ("Lagos and Abuja reported new measles cases this week.", [("Lagos","NG","city"),("Abuja","NG","city")]),
 ("Police in Borno state said gunmen attacked a village near Maiduguri.", [("Borno","NG","admin1"),("Maiduguri","NG","city")]),
 ("The UAE and Saudi Arabia discussed shipping security.", [("UAE","AE","country"),("Saudi Arabia","SA","country")]),
 ("London and Dublin agreed on new trade rules for Northern Ireland.", [("London","GB","city"),("Dublin","IE","city"),("Northern Ireland","GB","admin1")]),
 ("The tornado struck Moore, Oklahoma, and damaged two schools.", [("Moore","US","city"),("Oklahoma","US","admin1")]),
 ("Jordan said it would reopen its border with Syria next month.", [("Jordan","JO","country"),("Syria","SY","country")]),
 ("Michael Jordan signed autographs for fans in Chicago.", [("Chicago","US","city")]),
 ("Hurricane winds battered Havana and the western tip of Cuba.", [("Havana","CU","city"),("Cuba","CU","country")]),
 ("Sydney and Melbourne recorded their hottest days since records began.", [("Sydney","AU","city"),("Melbourne","AU","city")]),
 ("The mayor of Birmingham, Alabama, met officials visiting from Birmingham, England.", [("Birmingham","US","city"),("Alabama","US","admin1"),("Birmingham","GB","city"),("England","GB","admin1")]),
 ("Shelling hit the Kharkiv region overnight, officials in Kyiv said.", [("Kharkiv","UA","admin1"),("Kyiv","UA","city")]),
 ("Wildfires forced evacuations near Athens and in the hills around Thessaloniki.", [("Athens","GR","city"),("Thessaloniki","GR","city")]),
 ("Mr. Lincoln told reporters that Houston would host the meeting.", [("Houston","US","city")]),
 ("Earthquake survivors in Herat waited for tents from Kabul.", [("Herat","AF","city"),("Kabul","AF","city")]),
 ("Talks between Beijing and Taipei stalled over the summer.", [("Beijing","CN","city"),("Taipei","TW","city")]),
]
def lookup(name):
    out = subprocess.run(["target/release/eventmap","lookup","--json","--limit","40",name],capture_output=True,text=True).stdout
    return json.loads(out) if out.strip() else []
with open("tests/data/probes.jsonl","w") as f:
    for i,(text,tops) in enumerate(ART):
        gold=[]; pos=0
        for t in tops:
            name,cc,kind=t[:3]; gid=t[3] if len(t)>3 else None
            s=text.index(name,pos); pos=s+len(name)
            cands=[c for c in lookup(name) if c["country_code"]==cc and (c["kind"]==kind or kind is None)]
            if gid: cands=[c for c in cands if c["geonameid"]==gid]
            if not cands: raise SystemExit(f"no candidate for {name} {cc} {kind}")
            c=max(cands,key=lambda c:c["population"]) if not gid else cands[0]
            gold.append({"start":s,"end":s+len(name),"text":name,"lat":c["lat"],"lon":c["lon"],"geonameid":c["geonameid"]})
        f.write(json.dumps({"id":f"probe-{i+1:02d}","corpus":"probes","text":text,"date":None,"toponyms":gold})+"\n")
print("ok", len(ART))
