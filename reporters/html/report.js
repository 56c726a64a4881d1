
(function(){
"use strict";
const data=JSON.parse(document.getElementById("migready-data").textContent);
const PAGE=50;
const cols=[["Severity",r=>data.sev[r[1]]],["User",r=>r[2]],["DN",r=>r[3]?r[3]+(r[4]>=0?","+data.ous[r[4]]:""):""],
 ["UPN",r=>r[5]],["Cloud id",r=>r[6]],["Kind",r=>data.kinds[r[7]]],["Evidence",r=>r[8]>=0?data.files[r[8]]+r[9]:""],["Details",r=>r[10]||""],["Note",r=>r[11]>=0?data.gates[r[11]]:""]];
const byCheck=new Map();
data.rows.forEach((r,i)=>{const c=data.checks[r[0]];if(!byCheck.has(c))byCheck.set(c,[]);byCheck.get(c).push(i);});
function el(tag,text,cls){const e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
document.querySelectorAll("div.findings").forEach(box=>{
 const all=byCheck.get(box.dataset.check)||[];
 if(!all.length){box.appendChild(el("p","No findings.","muted"));return;}
 const st={q:"",col:-1,dir:1,page:0,rows:all};
 const tools=el("div",undefined,"tools");const input=el("input");input.type="search";input.placeholder="Filter "+all.length+" finding(s)…";input.setAttribute("aria-label","Filter findings");
 const prev=el("button","‹ Previous");const next=el("button","Next ›");const info=el("span","","muted");
 tools.append(input,prev,info,next);box.appendChild(tools);
 const table=el("table");const thead=el("thead");const hr=el("tr");
 cols.forEach((c,ci)=>{const th=el("th",c[0],"sort");th.addEventListener("click",()=>{st.dir=st.col===ci?-st.dir:1;st.col=ci;apply();});hr.appendChild(th);});
 thead.appendChild(hr);const tbody=el("tbody");table.append(thead,tbody);box.appendChild(table);
 function apply(){
  const q=st.q.toLowerCase();
  let rows=q?all.filter(i=>cols.some(c=>String(c[1](data.rows[i])).toLowerCase().includes(q))):all.slice();
  if(st.col>=0){const f=cols[st.col][1];rows.sort((a,b)=>{const x=String(f(data.rows[a])),y=String(f(data.rows[b]));return x<y?-st.dir:x>y?st.dir:0;});}
  st.rows=rows;st.page=0;render();}
 function render(){
  const pages=Math.max(1,Math.ceil(st.rows.length/PAGE));st.page=Math.min(st.page,pages-1);
  tbody.replaceChildren();
  for(const i of st.rows.slice(st.page*PAGE,(st.page+1)*PAGE)){const r=data.rows[i];const tr=el("tr");cols.forEach((c,ci)=>tr.appendChild(el("td",String(c[1](r)),ci===0?data.sev[r[1]]:undefined)));tbody.appendChild(tr);}
  info.textContent=st.rows.length+" row(s), page "+(st.page+1)+" of "+pages;prev.disabled=st.page===0;next.disabled=st.page>=pages-1;}
 input.addEventListener("input",()=>{st.q=input.value;apply();});
 prev.addEventListener("click",()=>{st.page--;render();});next.addEventListener("click",()=>{st.page++;render();});
 render();
});
document.body.dataset.rendered="true";
})();
